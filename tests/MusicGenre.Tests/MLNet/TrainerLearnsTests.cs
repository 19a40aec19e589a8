using Microsoft.ML.Data;
using Microsoft.ML;
using MusicGenre.MLNet;
using MusicGenre.Models;
using MusicGenre.Tests.Training;
using MusicGenre.Training;
using MusicGenre.Torch;

namespace MusicGenre.Tests.MLNet;

/// <summary>Each architecture learns a synthetic task with distinct classes (held-out accuracy ≥ 95 %).</summary>
public class TrainerLearnsTests
{
    [Theory]
    [InlineData(GenreArchitectures.CnnLstm, 6)]
    [InlineData(GenreArchitectures.CnnGru, 6)]
    [InlineData(GenreArchitectures.Crnn, 4)]
    public void ReachesHeldOutAccuracyOnDistinctSyntheticGenres(string architecture, int epochs)
    {
        var mlContext = new MLContext(seed: 7);
        var train = SyntheticSpectrograms.Load(mlContext, SyntheticSpectrograms.Make(4, 8, seed: 1));
        var testRows = SyntheticSpectrograms.Make(4, 6, seed: 2);
        var test = SyntheticSpectrograms.Load(mlContext, testRows);
        var progress = new List<GenreTrainingProgress>();
        var pipeline = mlContext.Transforms.Conversion.MapValueToKey("Label")
            .Append(mlContext.MulticlassClassification.Trainers.GenreNetwork(new GenreTrainerOptions
            {
                Architecture = architecture,
                NMels = 64, // the synthetic rows are plain vectors: nothing tells the trainer their band count
                Epochs = epochs,
                BatchSize = 8,
                Device = ComputeDevice.Cpu,
            }, new SynchronousProgress<GenreTrainingProgress>(progress.Add)))
            .Append(mlContext.Transforms.Conversion.MapKeyToValue("PredictedGenre", "PredictedLabel"));
        var model = pipeline.Fit(train);
        var scored = model.Transform(test);
        var metrics = mlContext.MulticlassClassification.Evaluate(scored);
        Assert.True(metrics.MicroAccuracy >= 0.95, $"{architecture}: held-out accuracy {metrics.MicroAccuracy:P1}; epochs: {string.Join("; ", progress)}");
        Assert.Equal(epochs, progress.Count);
        Assert.True(progress[^1].TrainLoss < progress[0].TrainLoss, "training loss did not fall");
        var predicted = scored.GetColumn<ReadOnlyMemory<char>>("PredictedGenre").Select(p => p.ToString()).ToArray();
        var truth = testRows.Select(r => r.Label).ToArray();
        Assert.True(predicted.Zip(truth).Count(p => p.First == p.Second) >= 0.95 * truth.Length, "MapKeyToValue does not give the right genre names: " + string.Join(",", predicted.Take(8)) + " vs " + string.Join(",", truth.Take(8)));
    }
}

/// <summary>An <see cref="IProgress{T}"/> that reports on the calling thread (Progress&lt;T&gt; posts to the thread pool).</summary>
public sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
