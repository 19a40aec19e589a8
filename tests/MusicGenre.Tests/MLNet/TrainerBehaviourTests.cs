using Microsoft.ML;
using Microsoft.ML.Data;
using MusicGenre.MLNet;
using MusicGenre.Tests.TestInfrastructure;
using MusicGenre.Tests.Training;
using MusicGenre.Training;
using MusicGenre.Torch;
using TorchSharp;

namespace MusicGenre.Tests.MLNet;

/// <summary>Determinism, validation with early stopping and restore, learning-rate plateaus, cancellation, progress.</summary>
[Collection(TorchRandomCollection.Name)]
public class TrainerBehaviourTests
{
    private static GenreNetworkTransformer FitNetwork(MLContext mlContext, IDataView train, GenreTrainerOptions options, IDataView? validation = null,
        IProgress<GenreTrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var keys = mlContext.Transforms.Conversion.MapValueToKey("Label").Fit(train);
        var trainer = mlContext.MulticlassClassification.Trainers.GenreNetwork(options, progress, cancellationToken);
        return trainer.Fit(keys.Transform(train), validation is null ? null : keys.Transform(validation));
    }

    private static float[][] Weights(GenreNetworkTransformer transformer)
        => transformer.Model.Network.parameters().Select(p => p.data<float>().ToArray()).ToArray();

    [Theory]
    [InlineData(MusicGenre.Models.GenreArchitectures.CnnLstm)]
    [InlineData(MusicGenre.Models.GenreArchitectures.Crnn)]
    public void TwoRunsWithTheSameContextSeedGiveIdenticalWeightsOnCpu(string architecture)
    {
        GenreTrainerOptions Options() => new()
        {
            Architecture = architecture, NMels = 32, WindowFrames = 40, TrainingHopFrames = 20, Epochs = 2, BatchSize = 4,
            Device = ComputeDevice.Cpu,
            Augmentation = new SpectrogramAugmentationOptions { MaxGainDb = 3, NoiseStdDb = 1, TimeMasks = 1, FrequencyMasks = 1 },
        };
        var rows = SyntheticSpectrograms.Make(2, 3, seed: 5, nMels: 32, minFrames: 40, maxFrames: 90);
        var first = new MLContext(seed: 42);
        var a = FitNetwork(first, first.Data.LoadFromEnumerable(rows), Options());
        var second = new MLContext(seed: 42);
        var b = FitNetwork(second, second.Data.LoadFromEnumerable(rows), Options());
        var third = new MLContext(seed: 43);
        var c = FitNetwork(third, third.Data.LoadFromEnumerable(rows), Options());
        Assert.Equal(Weights(a), Weights(b));
        Assert.NotEqual(Weights(a), Weights(c));
        Assert.Equal(a.TrainingHistory.Select(h => h.TrainLoss), b.TrainingHistory.Select(h => h.TrainLoss));
    }

    [Fact]
    public void EarlyStoppingRestoresTheBestEpochAndReportsProgress()
    {
        var mlContext = new MLContext(seed: 1);
        // Labels are random, so validation loss soon stops improving and early stopping has to act.
        var random = new Random(3);
        var rows = SyntheticSpectrograms.Make(2, 8, seed: 6, nMels: 32, minFrames: 40, maxFrames: 60);
        foreach (var row in rows) row.Label = random.Next(2) == 0 ? "blues" : "classical";
        var valid = SyntheticSpectrograms.Make(2, 4, seed: 7, nMels: 32, minFrames: 40, maxFrames: 60);
        var reports = new List<GenreTrainingProgress>();
        var options = new GenreTrainerOptions
        {
            NMels = 32, WindowFrames = 40, Epochs = 12, BatchSize = 4, LearningRate = 3e-3, Device = ComputeDevice.Cpu,
            EarlyStoppingPatience = 2, LearningRatePatience = 1, LearningRateFactor = 0.5,
        };
        var network = FitNetwork(mlContext, mlContext.Data.LoadFromEnumerable(rows), options, mlContext.Data.LoadFromEnumerable(valid),
            new SynchronousProgress<GenreTrainingProgress>(reports.Add));

        Assert.Equal(reports, network.TrainingHistory);
        Assert.All(reports, r => Assert.NotNull(r.ValidationLoss));
        Assert.All(reports, r => Assert.InRange(r.ValidationAccuracy!.Value, 0, 1));
        Assert.All(reports, r => Assert.True(r.Elapsed > TimeSpan.Zero));
        int best = reports.FindLastIndex(r => r.IsBest);
        double bestLoss = reports.Where(r => r.IsBest).Min(r => r.ValidationLoss!.Value);
        Assert.Equal(bestLoss, reports[best].ValidationLoss!.Value);
        if (reports.Count < options.Epochs) Assert.Equal(best + 1 + options.EarlyStoppingPatience, reports.Count);

        // The returned weights are the best epoch's: re-evaluating the validation set gives its loss.
        var keys = mlContext.Transforms.Conversion.MapValueToKey("Label").Fit(mlContext.Data.LoadFromEnumerable(rows));
        var scored = network.Transform(keys.Transform(mlContext.Data.LoadFromEnumerable(valid)));
        var probabilities = scored.GetColumn<VBuffer<float>>("Score").Select(v => v.DenseValues().ToArray()).ToArray();
        var truth = scored.GetColumn<uint>("Label").ToArray();
        double loss = probabilities.Zip(truth).Average(p => -Math.Log(p.First[p.Second - 1]));
        Assert.Equal(bestLoss, loss, 4);

        // Learning rate halves after every epoch without improvement (patience 1), never otherwise.
        for (int i = 1; i < reports.Count; i++)
        {
            double expected = reports[i - 1].IsBest ? reports[i - 1].LearningRate : reports[i - 1].LearningRate * 0.5;
            Assert.Equal(expected, reports[i].LearningRate, 12);
        }
    }

    [Fact]
    public void CancellationStopsTrainingBetweenBatches()
    {
        var mlContext = new MLContext(seed: 1);
        using var cancellation = new CancellationTokenSource();
        var rows = SyntheticSpectrograms.Make(2, 4, seed: 8, nMels: 32, minFrames: 40, maxFrames: 60);
        int epochs = 0;
        var options = new GenreTrainerOptions
        {
            NMels = 32, WindowFrames = 40, Epochs = 50, BatchSize = 2, Device = ComputeDevice.Cpu,
        };
        var progress = new SynchronousProgress<GenreTrainingProgress>(_ => { if (++epochs == 1) cancellation.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() => FitNetwork(mlContext, mlContext.Data.LoadFromEnumerable(rows), options, null, progress, cancellation.Token));
        Assert.Equal(1, epochs);
    }

    [Fact]
    public void MlContextCancelExecutionStopsTrainingAndTheContextLogReceivesEachEpoch()
    {
        var mlContext = new MLContext(seed: 1);
        var log = new List<string>();
        mlContext.Log += (_, e) => { lock (log) log.Add(e.Message); };
        var rows = SyntheticSpectrograms.Make(2, 4, seed: 8, nMels: 32, minFrames: 40, maxFrames: 60);
        int epochs = 0;
        var options = new GenreTrainerOptions { NMels = 32, WindowFrames = 40, Epochs = 50, BatchSize = 2, Device = ComputeDevice.Cpu };
        // ML.NET 5.0.1 keeps MLContext.CancelExecution() internal (its own tooling, such as AutoML, calls it).
        var cancelExecution = typeof(MLContext).GetMethod("CancelExecution", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!;
        var progress = new SynchronousProgress<GenreTrainingProgress>(_ => { if (++epochs == 1) cancelExecution.Invoke(mlContext, null); });
        Assert.ThrowsAny<OperationCanceledException>(() => FitNetwork(mlContext, mlContext.Data.LoadFromEnumerable(rows), options, null, progress));
        Assert.Equal(1, epochs);
        Assert.Contains(log, m => m.Contains("CnnLstmGenreTrainer") && m.Contains("Epoch 1/50: training loss"));
        Assert.Contains(log, m => m.Contains("Training cnn-lstm on 8 tracks"));
    }

    [Fact]
    public void TheCatalogNeverChangesTheCallersOptions()
    {
        var mlContext = new MLContext();
        var options = new GenreTrainerOptions { Architecture = MusicGenre.Models.GenreArchitectures.CnnLstm, NMels = 32, WindowFrames = 40 };
        var crnn = mlContext.MulticlassClassification.Trainers.Crnn(options);
        var gru = mlContext.MulticlassClassification.Trainers.CnnGru(options);
        Assert.Equal(MusicGenre.Models.GenreArchitectures.CnnLstm, options.Architecture);
        Assert.Equal(MusicGenre.Models.GenreArchitectures.Crnn, crnn.Options.Architecture);
        Assert.Equal(MusicGenre.Models.GenreArchitectures.CnnGru, gru.Options.Architecture);
        options.Epochs = 99; // later changes do not reach a trainer made earlier
        Assert.NotEqual(99, crnn.Options.Epochs);
        crnn.Options.Epochs = 77; // nor does changing the copy it hands out
        Assert.NotEqual(77, crnn.Options.Epochs);
    }

    [Fact]
    public void ContextSeedIsUsedWhenNoSeedOptionIsGiven()
    {
        var rows = SyntheticSpectrograms.Make(2, 2, seed: 9, nMels: 32, minFrames: 40, maxFrames: 41);
        GenreTrainerOptions Options(int? seed) => new() { NMels = 32, WindowFrames = 40, Epochs = 1, BatchSize = 4, Device = ComputeDevice.Cpu, Seed = seed };
        var x = new MLContext(seed: 1);
        var y = new MLContext(seed: 2);
        var a = FitNetwork(x, x.Data.LoadFromEnumerable(rows), Options(null));
        var b = FitNetwork(y, y.Data.LoadFromEnumerable(rows), Options(null));
        Assert.NotEqual(Weights(a), Weights(b));
        var p = new MLContext(seed: 1);
        var q = new MLContext(seed: 2);
        Assert.Equal(Weights(FitNetwork(p, p.Data.LoadFromEnumerable(rows), Options(5))), Weights(FitNetwork(q, q.Data.LoadFromEnumerable(rows), Options(5))));
    }
}
