using System.Collections.Concurrent;
using Microsoft.ML;
using MusicGenre.Datasets;
using MusicGenre.MLNet;
using MusicGenre.MLNet.Persistence;
using MusicGenre.Tests.TestInfrastructure;
using MusicGenre.Torch;
using MusicGenre.Training;

namespace MusicGenre.Tests.Cluster;

/// <summary>The collection that shares one <see cref="ClusterTestData"/> (one model, one set of tracks, one reference run).</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterTestData>
{
    public const string Name = "genre cluster";
}

/// <summary>
/// A small, fast CRNN (3 synthetic classes, 1 epoch, 32 mel bands: it tests the cluster's mechanics, not accuracy),
/// 200 tracks to classify (130 synthetic clips of 3 s, and the 70 GTZAN clips of ../shared when present, else 70 more
/// synthetic ones), two files that do not decode, and what one <see cref="GenrePredictor"/> in this process predicts
/// for each: the reference every cluster run must equal.
/// </summary>
public sealed class ClusterTestData : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly Lazy<IReadOnlyDictionary<string, GenrePrediction>> expected;

    public ClusterTestData()
    {
        ModelPath = TrainModel(folder.Combine("model"));
        var options = new SyntheticGenresOptions { DurationSeconds = 3, Seed = 11 };
        var tracks = new List<string>();
        var gtzan = SharedData.Root is { } root && Directory.Exists(Path.Combine(root, "data", "gtzan-mini"))
            ? Directory.EnumerateFiles(Path.Combine(root, "data", "gtzan-mini"), "*", SearchOption.AllDirectories).Where(f => f.EndsWith(".wav") || f.EndsWith(".au")).Order(StringComparer.Ordinal).ToList()
            : [];
        HasGtzan = gtzan.Count == 70;
        int synthetic = 200 - (HasGtzan ? gtzan.Count : 0);
        for (int i = 0; i < synthetic; i++)
        {
            var label = SyntheticGenres.Labels[i % SyntheticGenres.Labels.Count];
            var clip = SyntheticGenres.GenerateClip(label, i, options);
            var path = folder.Combine("tracks", label, clip.Id + ".wav");
            WavFileWriter.Write(path, clip.Samples, clip.SampleRate);
            tracks.Add(path);
        }
        if (HasGtzan) tracks.AddRange(gtzan);
        Tracks = tracks;
        Undecodable = [folder.Text("tracks/broken/not-audio.wav", "this is not a WAV file"), Truncated(folder.Combine("tracks", "broken", "truncated.wav"))];
        expected = new(() =>
        {
            using var predictor = GenrePredictor.Load(ModelPath, new GenrePredictorOptions { Device = ComputeDevice.Cpu });
            var results = new ConcurrentDictionary<string, GenrePrediction>(StringComparer.Ordinal);
            foreach (var p in predictor.PredictMany(AllTracks)) results[p.Source!] = p;
            return results;
        });
    }

    /// <summary>The model file every silo loads.</summary>
    public string ModelPath { get; }

    /// <summary>The 200 decodable tracks, absolute paths.</summary>
    public IReadOnlyList<string> Tracks { get; }

    /// <summary>Two files whose rows must carry a decoding error.</summary>
    public IReadOnlyList<string> Undecodable { get; }

    public IEnumerable<string> AllTracks => Tracks.Concat(Undecodable);

    /// <summary>True when the 70 GTZAN clips are among the tracks.</summary>
    public bool HasGtzan { get; }

    /// <summary>What one predictor in this process gives for every track (failures included).</summary>
    public IReadOnlyDictionary<string, GenrePrediction> Expected => expected.Value;

    public string Combine(params string[] parts) => folder.Combine(parts);

    /// <summary>
    /// Asserts that <paramref name="rows"/> hold every track exactly once and, track by track, what the single
    /// predictor gave: the same genre and the same top 3 probabilities, bit for bit (the CSV writes them round-trip);
    /// an undecodable track is a row with its error.
    /// </summary>
    public void AssertMatchesSingleMachine(IReadOnlyList<MusicGenre.Orleans.Grains.TrackClassification> rows)
    {
        var all = AllTracks.ToList();
        var duplicates = rows.GroupBy(r => r.Path).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, $"tracks with more than one row: {string.Join(", ", duplicates.Take(5))}");
        Assert.Equal(all.Order(StringComparer.Ordinal), rows.Select(r => r.Path).Order(StringComparer.Ordinal));
        foreach (var row in rows)
        {
            var want = Expected[row.Path];
            if (!want.Succeeded)
            {
                Assert.False(row.Succeeded, $"{row.Path} should carry an error");
                Assert.False(string.IsNullOrWhiteSpace(row.Error));
                Assert.Equal(1, row.Attempts); // the track's own failure is not retried
                continue;
            }
            Assert.True(row.Succeeded, $"{row.Path}: {row.Error}");
            Assert.Equal(want.Genre, row.Genre);
            Assert.Equal(want.Probability, row.Probability);
            Assert.Equal(want.Scores.Take(3).Select(s => (s.Genre, s.Probability)), row.Scores.Take(3).Select(s => (s.Genre, s.Probability)));
        }
    }

    public void Dispose() => folder.Dispose();

    private static string TrainModel(string dir)
    {
        var options = new SyntheticGenresOptions { ClipsPerGenre = 3, DurationSeconds = 3.5, Seed = 3 };
        var rows = new List<TrainingRow>();
        foreach (var label in SyntheticGenres.Labels.Take(3))
            for (int i = 0; i < 3; i++)
            {
                var clip = SyntheticGenres.GenerateClip(label, i, options);
                var path = Path.Combine(dir, "train", label, clip.Id + ".wav");
                WavFileWriter.Write(path, clip.Samples, clip.SampleRate);
                rows.Add(new TrainingRow { Path = path, Label = label });
            }
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.Transforms.LoadAudio("Samples", "Path")
            .Append(ml.Transforms.MelSpectrogram("Features", "Samples", nMels: 32))
            .Append(ml.Transforms.Conversion.MapValueToKey("Label"))
            .Append(ml.MulticlassClassification.Trainers.GenreNetwork(new GenreTrainerOptions
            {
                Architecture = "crnn", WindowFrames = 64, Epochs = 1, BatchSize = 4, Seed = 1, Device = ComputeDevice.Cpu,
            }))
            .Fit(data);
        var file = Path.Combine(dir, "cluster-test.mgmodel");
        ml.Model.SaveGenreModel(model, data.Schema, file, new GenreModelMetadata { Dataset = "synthetic (3 classes)", TrainedBy = "ClusterTestData" });
        foreach (var part in (IEnumerable<ITransformer>)model)
            if (part is GenreNetworkTransformer network) network.Model.Dispose();
        return file;
    }

    private static string Truncated(string path)
    {
        var clip = SyntheticGenres.GenerateClip(SyntheticGenres.Labels[0], 999, new SyntheticGenresOptions { DurationSeconds = 1 });
        WavFileWriter.Write(path, clip.Samples, clip.SampleRate);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..30]); // the header cut inside its format chunk
        return path;
    }

    private sealed class TrainingRow
    {
        public string Path { get; set; } = "";
        public string Label { get; set; } = "";
    }
}
