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
    private sealed class Track
    {
        public string Path { get; set; } = "";
        public string Label { get; set; } = "";
    }

    [SkippableFact]
    public void RealPipelineTrainingLossFallsAndAccuracyRisesWellAboveChance()
    {
        var root = SharedData.GtzanMini;
        var tracks = Directory.GetDirectories(root).OrderBy(d => d, StringComparer.Ordinal)
            .SelectMany(d => Directory.GetFiles(d).Where(f => f.EndsWith(".wav") || f.EndsWith(".au")).Order(StringComparer.Ordinal)
                .Select(f => new Track { Path = f, Label = System.IO.Path.GetFileName(d) }))
            .ToList();
        Assert.Equal(70, tracks.Count);

        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Data.LoadFromEnumerable(tracks);
        var reports = new List<GenreTrainingProgress>();
        var features = mlContext.Transforms.LoadAudio("Samples", nameof(Track.Path))
            .Append(mlContext.Transforms.MelSpectrogram("Features", "Samples", nMels: 64))
            .Append(mlContext.Transforms.Conversion.MapValueToKey("Label"));
        // Cache the log-mel once (the trainer reads the data once, but prediction below reads it again).
        var featurized = mlContext.Data.Cache(features.Fit(data).Transform(data), "Features", "Label");
        var trainer = mlContext.MulticlassClassification.Trainers.CnnLstm(new GenreTrainerOptions
        {
            Epochs = 8,
            BatchSize = 8,
            LearningRate = 1e-3,
            // One 4 s window per clip (its first): a quick sanity check that the real features are learnable.
            TrainingHopFrames = 1292,
            Augmentation = new SpectrogramAugmentationOptions { RandomWindowOffsets = false },
            LearningRatePatience = 0,
            Device = ComputeDevice.Cpu,
            Progress = new SynchronousProgress<GenreTrainingProgress>(reports.Add),
        });
        var network = trainer.Fit(featurized);

        var trace = string.Join("; ", reports.Select(r => $"{r.TrainLoss:F3}/{r.TrainAccuracy:P0}"));
        // Measured (CPU, seed 1): loss 2.49 → 1.63 and accuracy 11 % → 37 % in 8 epochs; chance is 10 %.
        // The 90 % training accuracy needs more epochs than this test's time budget (see docs/models.md).
        Assert.True(reports[^1].TrainLoss < reports[0].TrainLoss * 0.75, "training loss did not fall: " + trace);
        Assert.True(reports.Max(r => r.TrainAccuracy) >= 0.3, "training accuracy stayed near chance: " + trace);
        Assert.Equal(10, network.Model.Labels.Count);
        Assert.Equal("cnn-lstm", network.Model.Architecture);
        var timeline = network.PredictTimelines(featurized).First();
        Assert.Equal(7, timeline.Windows.Count);
    }
}
