using Microsoft.ML.Data;
using Microsoft.ML;
using MusicGenre.MLNet;
using MusicGenre.MLNet.Persistence;
using MusicGenre.Tests.TestInfrastructure;
using MusicGenre.Training;
using MusicGenre.Torch;

namespace MusicGenre.Tests.MLNet;

/// <summary>The real pipeline (audio → log-mel → CNN-LSTM) learns the 70 GTZAN clips of ../shared/data/gtzan-mini.</summary>
public class TrainerGtzanMiniTests
{
    public sealed class Track
    {
        public string Path { get; set; } = "";
        public string Label { get; set; } = "";
    }

    private static List<Track> Clips(string root, int perGenre = int.MaxValue, int genres = int.MaxValue)
        => Directory.GetDirectories(root).OrderBy(d => d, StringComparer.Ordinal).Take(genres)
            .SelectMany(d => Directory.GetFiles(d).Where(f => f.EndsWith(".wav") || f.EndsWith(".au")).Order(StringComparer.Ordinal).Take(perGenre)
                .Select(f => new Track { Path = f, Label = System.IO.Path.GetFileName(d) }))
            .ToList();

    [SkippableFact]
    public void WholeChainFromAudioPathsSavesAndLoadsAsOneFileWithIdenticalScores()
    {
        var tracks = Clips(SharedData.GtzanMini, perGenre: 2, genres: 3);
        var mlContext = new MLContext(seed: 2);
        var data = mlContext.Data.LoadFromEnumerable(tracks);
        var pipeline = mlContext.Transforms.LoadAudio("Samples", nameof(Track.Path))
            .Append(mlContext.Transforms.MelSpectrogram("Features", "Samples", nMels: 64))
            .Append(mlContext.Transforms.Conversion.MapValueToKey("Label"))
            .Append(mlContext.MulticlassClassification.Trainers.CnnLstm(new GenreTrainerOptions
            {
                Epochs = 1, BatchSize = 8, TrainingHopFrames = 1292, Device = ComputeDevice.Cpu,
            }))
            .Append(mlContext.Transforms.Conversion.MapKeyToValue("PredictedGenre", "PredictedLabel"));
        var model = pipeline.Fit(data);
        var expected = model.Transform(data).GetColumn<VBuffer<float>>("Score").Select(v => v.DenseValues().ToArray()).ToArray();
        var names = model.Transform(data).GetColumn<ReadOnlyMemory<char>>("PredictedGenre").Select(v => v.ToString()).ToArray();

        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"musicgenre-chain-{Guid.NewGuid():N}.zip");
        try
        {
            mlContext.Model.SaveGenreModel(model, data.Schema, path);
            var fresh = new MLContext();
            var loaded = fresh.Model.LoadGenreModel(path, out var schema, ComputeDevice.Cpu);
            Assert.NotNull(schema.GetColumnOrNull(nameof(Track.Path)));
            var freshData = fresh.Data.LoadFromEnumerable(tracks);
            var scores = loaded.Transform(freshData).GetColumn<VBuffer<float>>("Score").Select(v => v.DenseValues().ToArray()).ToArray();
            Assert.Equal(expected, scores);
            Assert.Equal(names, loaded.Transform(freshData).GetColumn<ReadOnlyMemory<char>>("PredictedGenre").Select(v => v.ToString()).ToArray());
            using var engine = fresh.Model.CreatePredictionEngine<Track, ChainPrediction>(loaded);
            Assert.Equal(names[0], engine.Predict(tracks[0]).PredictedGenre);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public sealed class ChainPrediction
    {
        public string PredictedGenre { get; set; } = "";
    }

    [SkippableFact]
    public void RealPipelineLearnsTheSeventyClipsToAbove90PercentTrackAccuracyInTenEpochs()
    {
        var tracks = Clips(SharedData.GtzanMini);
        Assert.Equal(70, tracks.Count);

        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Data.LoadFromEnumerable(tracks);
        var reports = new List<GenreTrainingProgress>();
        var features = mlContext.Transforms.LoadAudio("Samples", nameof(Track.Path))
            .Append(mlContext.Transforms.MelSpectrogram("Features", "Samples", nMels: 64))
            .Append(mlContext.Transforms.Conversion.MapValueToKey("Label"));
        // The log-mel is computed once (decode + librosa log-mel ≈ 4 s for 70 clips) and read again for prediction.
        var featurized = mlContext.Data.Cache(features.Fit(data).Transform(data), "Features", "Label");
        var trainer = mlContext.MulticlassClassification.Trainers.CnnLstm(new GenreTrainerOptions
        {
            Epochs = 10,
            BatchSize = 32,
            LearningRate = 2e-3,
            // Overlapping 4 s windows every 2 s (14 per clip, 980 per epoch, with random offsets within the hop):
            // one window per clip gives only 70 samples (9 Adam steps at batch 8) per epoch, which is why it learnt slowly.
            TrainingHopFrames = 86,
            LearningRatePatience = 0,
            NumberOfThreads = 2,
            Device = ComputeDevice.Cpu,
        }, new SynchronousProgress<GenreTrainingProgress>(reports.Add));
        var network = trainer.Fit(featurized);

        // Track level, as the model predicts (eval mode, the 7 windows' probabilities averaged).
        var scored = network.Transform(featurized);
        var predicted = scored.GetColumn<uint>("PredictedLabel").ToArray();
        var truth = scored.GetColumn<uint>("Label").ToArray();
        double trackAccuracy = predicted.Zip(truth).Count(p => p.First == p.Second) / (double)truth.Length;

        var trace = string.Join("; ", reports.Select(r => $"{r.TrainLoss:F3}/{r.TrainAccuracy:P0}")) + $"; track-level {trackAccuracy:P1}";
        // Measured (CPU, 10 epochs): six epochs reached 92.9 % on one CPU but only 71–86 % on others (the floating-point
        // path differs between CPUs), so the test trains ten. On the Xeon, seeds 1–3: loss 1.93 → 0.24–0.38, track-level
        // training accuracy ≥ 90 % for each (94.3 % and 95.7 % for seeds 2 and 3; chance 10 %). Late epochs may rise a
        // little (0.66 → 0.71), so the check is "never far above the best so far", not "falls every epoch".
        for (int i = 1; i < reports.Count; i++)
        {
            double best = reports.Take(i).Min(r => r.TrainLoss);
            Assert.True(reports[i].TrainLoss < best * 1.15, "training loss rose more than 15 % above its best: " + trace);
        }
        Assert.True(reports[^1].TrainLoss < reports[0].TrainLoss * 0.5, "training loss did not halve: " + trace);
        Assert.True(trackAccuracy >= 0.9, "track-level training accuracy below 90 %: " + trace);
        Assert.Equal(10, network.Model.Labels.Count);
        Assert.Equal("cnn-lstm", network.Model.Architecture);
        var timeline = network.PredictTimelines(featurized).First();
        Assert.Equal(7, timeline.Windows.Count);
    }
}
