using Microsoft.ML;
using MusicGenre.MLNet;
using MusicGenre.Tests.MLNet;
using MusicGenre.Tests.TestInfrastructure;
using MusicGenre.Training;
using MusicGenre.Torch;

namespace MusicGenre.Tests.Training;

/// <summary>Checkpoints: an interrupted run resumes to the same result as an uninterrupted one; damaged or foreign checkpoints give clear errors.</summary>
[Collection(TorchRandomCollection.Name)]
public sealed class CheckpointTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"musicgenre-checkpoint-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    private static readonly List<SpectrogramRow> Rows = SyntheticSpectrograms.Make(2, 4, seed: 21, nMels: 32, minFrames: 40, maxFrames: 90);
    private static readonly List<SpectrogramRow> Valid = SyntheticSpectrograms.Make(2, 2, seed: 22, nMels: 32, minFrames: 40, maxFrames: 90);

    private static GenreTrainerOptions Options(string? checkpoints, int epochs = 4) => new()
    {
        NMels = 32, WindowFrames = 40, TrainingHopFrames = 20, Epochs = epochs, BatchSize = 4, Seed = 7, Device = ComputeDevice.Cpu,
        LearningRatePatience = 1, CheckpointDirectory = checkpoints,
        Augmentation = new SpectrogramAugmentationOptions { MaxGainDb = 2, NoiseStdDb = 0.5f, TimeMasks = 1 },
    };

    private static GenreNetworkTransformer Fit(GenreTrainerOptions options, List<SpectrogramRow>? rows = null, bool validation = true,
        IProgress<GenreTrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var mlContext = new MLContext(seed: 1);
        var train = mlContext.Data.LoadFromEnumerable(rows ?? Rows);
        var keys = mlContext.Transforms.Conversion.MapValueToKey("Label").Fit(train);
        return mlContext.MulticlassClassification.Trainers.GenreNetwork(options, progress, cancellationToken)
            .Fit(keys.Transform(train), validation ? keys.Transform(mlContext.Data.LoadFromEnumerable(Valid)) : null);
    }

    private static float[][] Weights(GenreNetworkTransformer t) => t.Model.Network.parameters().Select(p => p.data<float>().ToArray()).ToArray();

    [Fact]
    public void CancelledAfterEpochTwoThenResumedEqualsAnUninterruptedRunExactly()
    {
        var reference = Fit(Options(null));
        using var referenceModel = reference.Model;
        var referenceHistory = reference.TrainingHistory;

        using var cancellation = new CancellationTokenSource();
        var first = Options(folder);
        var stopAfterTwo = new SynchronousProgress<GenreTrainingProgress>(p => { if (p.Epoch == 2) cancellation.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() => Fit(first, progress: stopAfterTwo, cancellationToken: cancellation.Token));
        Assert.True(File.Exists(Path.Combine(folder, TrainingCheckpoint.FileName)));

        var resumedEpochs = new List<int>();
        var resumed = Fit(Options(folder), progress: new SynchronousProgress<GenreTrainingProgress>(p => resumedEpochs.Add(p.Epoch)));
        using var resumedModel = resumed.Model;

        Assert.Equal([3, 4], resumedEpochs);
        Assert.Equal([1, 2, 3, 4], resumed.TrainingHistory.Select(h => h.Epoch));
        // Deterministic on CPU: every epoch re-seeds from (seed, epoch) and Adam's state is restored, so resuming is exact.
        Assert.Equal(referenceHistory.Select(h => (h.TrainLoss, h.ValidationLoss, h.LearningRate)),
            resumed.TrainingHistory.Select(h => (h.TrainLoss, h.ValidationLoss, h.LearningRate)));
        Assert.Equal(Weights(reference), Weights(resumed));
    }

    [Fact]
    public void ReturnBestOnCancelGivesTheFinishedEpochsModel()
    {
        using var cancellation = new CancellationTokenSource();
        var options = Options(null, epochs: 10);
        options.ReturnBestOnCancel = true;
        var network = Fit(options, progress: new SynchronousProgress<GenreTrainingProgress>(p => { if (p.Epoch == 2) cancellation.Cancel(); }),
            cancellationToken: cancellation.Token);
        using var networkModel = network.Model;
        Assert.Equal([1, 2], network.TrainingHistory.Select(h => h.Epoch));
        var twoEpochs = Fit(Options(null, epochs: 2));
        using var twoEpochsModel = twoEpochs.Model;
        // With validation data the best of the finished epochs is returned, as an uninterrupted 2-epoch run does.
        Assert.Equal(Weights(twoEpochs), Weights(network));
    }

    [Fact]
    public void CorruptedCheckpointGivesAClearError()
    {
        Fit(Options(folder, epochs: 1)).Model.Dispose();
        var weights = Directory.GetFiles(folder, "epoch-*.weights").Single();
        var bytes = File.ReadAllBytes(weights);
        bytes[bytes.Length / 2] ^= 0x5A;
        File.WriteAllBytes(weights, bytes);
        var error = Assert.Throws<InvalidDataException>(() => Fit(Options(folder, epochs: 2)));
        Assert.Contains(Path.GetFileName(weights), error.Message);
        Assert.Contains("checksum", error.Message);

        File.WriteAllText(Path.Combine(folder, TrainingCheckpoint.FileName), "{ not json");
        error = Assert.Throws<InvalidDataException>(() => Fit(Options(folder, epochs: 2)));
        Assert.Contains(TrainingCheckpoint.FileName, error.Message);
    }

    [Fact]
    public void CheckpointOfAnotherRunIsRefusedUnlessResumeIsOff()
    {
        Fit(Options(folder, epochs: 1)).Model.Dispose();
        var other = Options(folder, epochs: 2);
        other.BatchSize = 2;
        var error = Assert.Throws<InvalidDataException>(() => Fit(other));
        Assert.Contains("batchSize", error.Message);
        // Same size, other values: the standardisation statistics give it away.
        var changed = Rows.Select(r => new SpectrogramRow { Label = r.Label, Features = r.Features.Select(v => v + 1f).ToArray() }).ToList();
        error = Assert.Throws<InvalidDataException>(() => Fit(Options(folder, epochs: 2), changed));
        Assert.Contains("standardisation", error.Message);
        other.ResumeFromCheckpoint = false;
        var fresh = Fit(other);
        using var freshModel = fresh.Model;
        Assert.Equal([1, 2], fresh.TrainingHistory.Select(h => h.Epoch));
    }
}
