using MusicGenre.MLNet.Persistence;
using Microsoft.ML;
using Microsoft.ML.Data;
using MusicGenre.Audio;
using MusicGenre.Features;
using MusicGenre.MLNet;
using MusicGenre.Models.Musicnn;
using MusicGenre.Tests.TestInfrastructure;
using Xunit.Abstractions;

namespace MusicGenre.Tests.Musicnn;

/// <summary>
/// The ML.NET chain paths → LoadAudio (16 kHz) → MusicnnEmbedding → a built-in trainer on the 70 gtzan-mini clips (a
/// 3 s segment of each: one patch, to keep the test short), and save → load → save → load with identical scores.
/// </summary>
public sealed class MusicnnChainTests(ITestOutputHelper output) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("musicgenre-musicnn-chain-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [SkippableFact]
    public void ChainTrainsOnGtzanMiniAndReloadsWithIdenticalScores()
    {
        var weights = MusicnnReference.WeightsPath;
        var rows = Directory.GetDirectories(SharedData.GtzanMini).Order(StringComparer.Ordinal)
            .SelectMany(dir => Directory.GetFiles(dir).Order(StringComparer.Ordinal)
                .Select(f => new PathRow { Path = f, Label = System.IO.Path.GetFileName(dir) }))
            .ToList();
        Assert.Equal(70, rows.Count);
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(rows);

        // LoadAudio → musicnn-linear: MusicnnEmbedding → cache → MapValueToKey → NormalizeMeanVariance → LbfgsMaximumEntropy → MapKeyToValue.
        var pipeline = ml.Transforms.LoadAudio("Samples", "Path", new AudioLoadOptions { SampleRate = MusicnnFeatures.SampleRate, Offset = 10, Duration = 3 })
            .Append(MusicnnLinearPipeline.Create(ml, "Samples", "Label",
                new MusicnnEmbeddingOptions { Weights = new MusicnnWeightsOptions { Path = weights } }));
        var model = pipeline.Fit(data);
        // One pass over the data per model: each pass runs the network again.
        var scored = ml.Data.CreateEnumerable<ScoredRow>(model.Transform(data), reuseRowObject: false).ToList();

        var accuracy = scored.Where((r, i) => r.PredictedGenre == rows[i].Label).Count() / (double)scored.Count;
        output.WriteLine($"training accuracy on 70 clips (3 s each): {accuracy:P1}");
        Assert.True(accuracy >= 0.9, $"training accuracy {accuracy:P1}");
        Assert.All(scored, r => Assert.Equal(MusicnnArchitecture.EmbeddingSize, r.Features.Length));

        var first = Path.Combine(folder, "first.zip");
        ml.Model.SaveGenreModel(model, data.Schema, first);
        var loadedOnce = new MLContext(seed: 2).Model.LoadGenreModel(first, out var schemaOnce);
        var second = Path.Combine(folder, "second.zip");
        new MLContext(seed: 3).Model.SaveGenreModel(loadedOnce, schemaOnce, second);
        var loadedTwice = new MLContext(seed: 4).Model.LoadGenreModel(second, out _);
        Assert.Equal(GenreModelKinds.MusicnnLinear, GenreModelInfo.Read(second).Kind);

        // Every pass runs the network on all clips: compare the twice-reloaded model on all 70, the once-reloaded on 10.
        foreach (var (reloaded, count) in new[] { (loadedTwice, rows.Count), (loadedOnce, 10) })
        {
            var input = ml.Data.TakeRows(data, count);
            var again = new MLContext().Data.CreateEnumerable<ScoredRow>(reloaded.Transform(input), reuseRowObject: false).ToList();
            Assert.Equal(count, again.Count);
            Assert.Equal(scored.Take(count).Select(r => r.Score), again.Select(r => r.Score));
            Assert.Equal(scored.Take(count).Select(r => r.Features), again.Select(r => r.Features));
            Assert.Equal(scored.Take(count).Select(r => r.PredictedGenre), again.Select(r => r.PredictedGenre));
        }

        // A prediction engine on the reloaded model gives the same scores for one file.
        var engine = new MLContext().Model.CreatePredictionEngine<PathRow, ScoredRow>(loadedTwice);
        var single = engine.Predict(rows[3]);
        Assert.Equal(scored[3].Score, single.Score);
        Assert.Equal(scored[3].PredictedGenre, single.PredictedGenre);
    }

    [SkippableFact]
    public void PlainModelLoadNamesTheCallToUse()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[] { new GtzanClipRow { Samples = new float[16000] } });
        var model = ml.Transforms.MusicnnEmbedding("Features", "Samples", MusicnnPooling.MeanMax, MusicnnReference.WeightsPath).Fit(data);
        Assert.Equal(400, model.Transform(data).GetColumn<float[]>("Features").Single().Length);
        var path = Path.Combine(folder, "model.zip");
        ml.Model.SaveGenreModel(model, data.Schema, path);

        var e = Assert.ThrowsAny<Exception>(() => new MLContext().Model.Load(path, out _));

        Assert.Contains("LoadGenreModel", e.Message);
    }

    [SkippableFact]
    public void ACorruptedWeightsEntryGivesAClearError()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[] { new GtzanClipRow { Samples = new float[16000] } });
        var model = ml.Transforms.MusicnnEmbedding("Features", "Samples", weightsPath: MusicnnReference.WeightsPath).Fit(data);
        var path = Path.Combine(folder, "model.zip");
        ml.Model.SaveGenreModel(model, data.Schema, path);
        using (var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Update))
        {
            var entry = zip.GetEntry("steps/0/musicnn.bin")!;
            byte[] bytes;
            using (var s = entry.Open())
            using (var m = new MemoryStream())
            {
                s.CopyTo(m);
                bytes = m.ToArray();
            }
            bytes[bytes.Length / 2] ^= 0xFF;
            entry.Delete();
            using var w = zip.CreateEntry("steps/0/musicnn.bin").Open();
            w.Write(bytes);
        }

        var e = Assert.Throws<GenreModelFormatException>(() => new MLContext().Model.LoadGenreModel(path, out _));

        Assert.Contains(path, e.Message);
        Assert.Contains("checksum", e.Message);
        Assert.Equal("steps/0/musicnn.bin", e.Part);
    }

    [Fact]
    public void WrongInputColumnTypeIsRejected()
    {
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable(new[] { new GtzanClipRow { Path = "x" } });
        var estimator = ml.Transforms.MusicnnEmbedding("Features", "Path", weightsPath: "unused.h5");

        var e = Assert.ThrowsAny<ArgumentException>(() => estimator.Fit(data));

        Assert.Contains("Path", e.Message);
    }

    public sealed class PathRow
    {
        public string Path { get; set; } = "";

        public string Label { get; set; } = "";
    }

    public sealed class ScoredRow
    {
        [ColumnName(MusicnnLinearPipeline.FeaturesColumn)]
        public float[] Features { get; set; } = [];

        public float[] Score { get; set; } = [];

        public string PredictedGenre { get; set; } = "";
    }

}
