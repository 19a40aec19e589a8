using MusicGenre.Torch;
using MusicGenre.Training;

namespace MusicGenre.Cli.Modeling;

/// <summary>How to train one model (from the command line).</summary>
internal sealed record TrainSettings
{
    public required string Kind { get; init; }
    public int Epochs { get; init; } = 30;
    public int BatchSize { get; init; } = 32;
    public double LearningRate { get; init; } = 1e-3;
    public int Seed { get; init; } = 1;
    public int NMels { get; init; } = 64;
    public int WindowFrames { get; init; } = GenreTrainerOptions.Defaults.WindowFrames;
    public int? TrainingHopFrames { get; init; }
    public int EarlyStoppingPatience { get; init; } = GenreTrainerOptions.Defaults.EarlyStoppingPatience;
    public string ClassicalTrainer { get; init; } = "sdca";
    public string? CacheFolder { get; init; }
    public ComputeDevice Device { get; init; } = ComputeDevice.Auto;

    /// <summary>Folder of the training checkpoint (resumed when it holds one), or null for none.</summary>
    public string? CheckpointFolder { get; init; }

    /// <summary>On Ctrl-C after a finished epoch, keep the best model so far (<see cref="TrainingInterruptedException"/>) instead of discarding it.</summary>
    public bool KeepBestOnCancel { get; init; }

    public GenreTrainerOptions ToTrainerOptions(CancellationToken ct) => new()
    {
        Architecture = Kind,
        Epochs = Epochs,
        BatchSize = BatchSize,
        LearningRate = LearningRate,
        Seed = Seed,
        NMels = NMels,
        WindowFrames = WindowFrames,
        TrainingHopFrames = TrainingHopFrames,
        EarlyStoppingPatience = EarlyStoppingPatience,
        Device = Device,
        CheckpointDirectory = CheckpointFolder,
        ReturnBestOnCancel = KeepBestOnCancel,
        CancellationToken = ct,
    };

    public IReadOnlyDictionary<string, string> Describe() => ModelKinds.IsNeural(Kind)
        ? new Dictionary<string, string>
        {
            ["epochs (max)"] = Epochs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["batch size"] = BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["learning rate"] = LearningRate.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["seed"] = Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["log-mel"] = $"{NMels} bands, n_fft 2048, hop 512, 22,050 Hz",
            ["window"] = $"{WindowFrames} frames" + (TrainingHopFrames is { } h ? $", training hop {h}" : ""),
        }
        : new Dictionary<string, string>
        {
            ["features"] = "MFCC-20, chroma-12, spectral centroid, zero-crossing rate: mean and std (68 values)",
            ["trainer"] = ClassicalTrainer == "lightgbm" ? "LightGbm" : "SdcaMaximumEntropy",
            ["seed"] = Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
}
