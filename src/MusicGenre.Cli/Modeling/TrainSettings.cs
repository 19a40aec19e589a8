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
    public int NMels { get; init; } = GenreTrainerOptions.Defaults.SeedNMels;
    public int WindowFrames { get; init; } = GenreTrainerOptions.Defaults.WindowFrames;
    public int? TrainingHopFrames { get; init; }
    public int EarlyStoppingPatience { get; init; } = GenreTrainerOptions.Defaults.EarlyStoppingPatience;
    public string ClassicalTrainer { get; init; } = "sdca";
    public string? CacheFolder { get; init; }
    public ComputeDevice Device { get; init; } = ComputeDevice.Auto;

    /// <summary>A local <c>MSD_musicnn.h5</c> (no download); null fetches it into the user cache on first use.</summary>
    public string? MusicnnWeights { get; init; }

    /// <summary>Where downloaded musicnn weights are kept; null for the library's default user cache.</summary>
    public string? MusicnnCache { get; init; }

    /// <summary>Download URL of the musicnn weights (a mirror); null for the official one.</summary>
    public string? MusicnnUrl { get; init; }

    /// <summary>At most this many 3 s patches per track for musicnn (spread evenly); null for all.</summary>
    public int? MusicnnMaxPatches { get; init; }

    /// <summary>Adam learning rate of the pretrained network when fine-tuning musicnn.</summary>
    public double FineTuneLearningRate { get; init; } = MusicGenre.Models.Musicnn.MusicnnFineTuneOptions.Defaults.LearningRate;

    /// <summary>Folder of the training checkpoint (resumed when it holds one), or null for none.</summary>
    public string? CheckpointFolder { get; init; }

    /// <summary>On Ctrl-C after a finished epoch, keep the best model so far (<see cref="TrainingInterruptedException"/>) instead of discarding it.</summary>
    public bool KeepBestOnCancel { get; init; }

    /// <summary>The library trainer's options for cached log-mel rows computed with <paramref name="mel"/> (which carry no annotations).</summary>
    public GenreTrainerOptions ToTrainerOptions(MusicGenre.Features.MelSpectrogramOptions mel) => new()
    {
        Architecture = Kind,
        Epochs = Epochs,
        BatchSize = BatchSize,
        LearningRate = LearningRate,
        Seed = Seed,
        NMels = mel.NMels,
        SampleRate = mel.SampleRate,
        HopLength = mel.HopLength,
        WindowFrames = WindowFrames,
        TrainingHopFrames = TrainingHopFrames,
        EarlyStoppingPatience = EarlyStoppingPatience,
        Device = Device,
        CheckpointDirectory = CheckpointFolder,
        ReturnBestOnCancel = KeepBestOnCancel,
    };

    public IReadOnlyDictionary<string, string> Describe() => ModelKinds.IsMusicnn(Kind) ? DescribeMusicnn()
        : ModelKinds.IsNeural(Kind)
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

    private Dictionary<string, string> DescribeMusicnn()
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var d = new Dictionary<string, string>
        {
            ["network"] = Kind == ModelKinds.MusicnnLinear ? "pretrained MSD musicnn (frozen)" : "pretrained MSD musicnn, fine-tuned with a new head",
            ["embedding"] = MusicnnModelTrainer.DescribePatches(MusicnnMaxPatches),
            ["head"] = "NormalizeMeanVariance + LbfgsMaximumEntropy",
            ["seed"] = Seed.ToString(inv),
            ["weights licence"] = MusicGenre.Models.Musicnn.MusicnnWeights.License,
        };
        if (Kind == ModelKinds.MusicnnFineTune)
        {
            d["epochs (max)"] = Epochs.ToString(inv);
            d["batch size"] = $"{BatchSize.ToString(inv)} patches";
            d["learning rate"] = $"{FineTuneLearningRate.ToString(inv)} (network), {MusicGenre.Models.Musicnn.MusicnnFineTuneOptions.Defaults.HeadLearningRate.ToString(inv)} (head)";
        }
        return d;
    }
}
