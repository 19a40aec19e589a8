using System.CommandLine;
using MusicGenre.Cli.Modeling;
using MusicGenre.Datasets;
using MusicGenre.Torch;

namespace MusicGenre.Cli.Commands;

/// <summary>Options shared by several commands.</summary>
internal sealed class CommonOptions
{
    public Option<string> Data { get; } = new("--data") { Description = "Dataset: a folder with one sub-folder per genre (GTZAN's genres/ or genres_original/ are found), or a CSV manifest (path,label).", Required = true };
    public Option<string> Split { get; } = new("--split") { Description = "random | kfold:K | fault-filtered | stratified-lists (the last two read --split-lists, or the dataset's splits/ folder that download gtzan fills).", DefaultValueFactory = _ => "random" };
    public Option<string?> SplitLists { get; } = new("--split-lists") { Description = "Folder with {train,valid,test}_filtered.txt / _stratified.txt (coreyker/dnn-mgr's gtzan/ folder)." };
    public Option<int> Seed { get; } = new("--seed") { Description = "Random seed of splits and training.", DefaultValueFactory = _ => 1 };
    public Option<double> ValidFraction { get; } = new("--valid-fraction") { Description = "Fraction of each genre held out for validation (early stopping).", DefaultValueFactory = _ => SplitOptions.Defaults.ValidFraction };
    public Option<double> TestFraction { get; } = new("--test-fraction") { Description = "Fraction of each genre held out for testing (random split).", DefaultValueFactory = _ => SplitOptions.Defaults.TestFraction };
    public Option<string?> Artists { get; } = new("--artists") { Description = "Artist index (Sturm's GTZANindex.txt format) to keep each artist in one split part." };
    public Option<int> Epochs { get; } = new("--epochs") { Description = "Maximum training epochs (neural models).", DefaultValueFactory = _ => 30 };
    public Option<int> BatchSize { get; } = new("--batch-size") { Description = "Windows per mini-batch.", DefaultValueFactory = _ => 32 };
    public Option<double> LearningRate { get; } = new("--learning-rate") { Description = "Adam learning rate.", DefaultValueFactory = _ => 1e-3 };
    public Option<int> NMels { get; } = new("--n-mels") { Description = "Mel bands of the log-mel input (the seed uses 64).", DefaultValueFactory = _ => 64 };
    public Option<string> ClassicalTrainer { get; } = new("--classical-trainer") { Description = "Trainer of the classical baseline: sdca (SdcaMaximumEntropy) or lightgbm.", DefaultValueFactory = _ => "sdca" };
    public Option<string?> Cache { get; } = new("--cache") { Description = $"Feature cache folder (default {FeatureCache.DefaultFolder})." };
    public Option<bool> NoCache { get; } = new("--no-cache") { Description = "Do not read or write the feature cache." };
    public Option<string> Device { get; } = new("--device") { Description = "cpu, cuda or auto.", DefaultValueFactory = _ => "auto" };
    public Option<string?> MusicnnWeights { get; } = new("--musicnn-weights") { Description = "musicnn models: a local MSD_musicnn.h5 (SHA-256 checked) instead of downloading it into the user cache on first use." };
    public Option<string?> MusicnnCache { get; } = new("--musicnn-cache") { Description = $"musicnn models: folder for the downloaded weights (default {MusicGenre.Models.Musicnn.MusicnnWeights.DefaultCacheDirectory})." };
    public Option<string?> MusicnnUrl { get; } = new("--musicnn-url") { Description = "musicnn models: download the weights from this URL (a mirror) instead of GitHub; the SHA-256 is still checked." };
    public Option<int?> MusicnnMaxPatches { get; } = new("--musicnn-max-patches") { Description = "musicnn models: at most this many 3 s patches per track, spread evenly (default: all; fewer is faster)." };

    public void AddDatasetOptions(Command command)
    {
        foreach (var o in new Option[] { Data, Split, SplitLists, Seed, ValidFraction, TestFraction, Artists }) command.Options.Add(o);
    }

    public void AddTrainingOptions(Command command)
    {
        foreach (var o in new Option[] { Epochs, BatchSize, LearningRate, NMels, ClassicalTrainer, Cache, NoCache, Device, MusicnnWeights, MusicnnCache, MusicnnUrl, MusicnnMaxPatches })
            command.Options.Add(o);
    }

    public string? CacheFolder(ParseResult parse) => parse.GetValue(NoCache) ? null : parse.GetValue(Cache) ?? FeatureCache.DefaultFolder;

    public GenreDataset LoadDataset(ParseResult parse)
    {
        if (parse.GetResult(Split) is not null) SplitSpec.Parse(parse.GetValue(Split)!); // a bad --split is reported before any work
        var options = new DatasetLoadOptions();
        if (parse.GetValue(Artists) is { } artists) options.Artists = ArtistIndex.LoadSturm(artists);
        return GenreDataset.Load(parse.GetValue(Data)!, options);
    }

    public IReadOnlyList<DatasetSplit> Splits(ParseResult parse, GenreDataset dataset, int? seedOverride = null)
    {
        var spec = SplitSpec.Parse(parse.GetValue(Split)!);
        var options = new SplitOptions
        {
            Seed = seedOverride ?? parse.GetValue(Seed),
            ValidFraction = parse.GetValue(ValidFraction),
            TestFraction = parse.GetValue(TestFraction),
            GroupByArtist = parse.GetValue(Artists) is not null,
        };
        if (spec.Kind is "random" or "kfold") dataset.EnsureTrainable(minTracksPerGenre: spec.Kind == "kfold" ? Math.Max(2, spec.Folds) : 2);
        return spec.Apply(dataset, options, parse.GetValue(SplitLists) ?? FindSplitLists(parse.GetValue(Data)!));
    }

    /// <summary>Where <c>download gtzan</c> puts the split lists, inside the dataset folder.</summary>
    public const string DefaultSplitListFolder = "splits";

    /// <summary>The dataset's own <c>splits</c> folder when it holds split lists (as <c>download gtzan</c> leaves it), else null.</summary>
    private static string? FindSplitLists(string data)
    {
        var folder = Path.Combine(Directory.Exists(data) ? data : Path.GetDirectoryName(Path.GetFullPath(data)) ?? ".", DefaultSplitListFolder);
        return File.Exists(Path.Combine(folder, "train_filtered.txt")) || File.Exists(Path.Combine(folder, "train_stratified.txt")) ? folder : null;
    }

    public TrainSettings Settings(ParseResult parse, string kind, int? seedOverride = null) => new()
    {
        Kind = kind,
        Epochs = Positive(parse.GetValue(Epochs), "--epochs"),
        BatchSize = Positive(parse.GetValue(BatchSize), "--batch-size"),
        LearningRate = parse.GetValue(LearningRate),
        Seed = seedOverride ?? parse.GetValue(Seed),
        NMels = Positive(parse.GetValue(NMels), "--n-mels"),
        ClassicalTrainer = parse.GetValue(ClassicalTrainer) is "lightgbm" ? "lightgbm" : parse.GetValue(ClassicalTrainer) is "sdca" ? "sdca"
            : throw new CliException($"--classical-trainer: '{parse.GetValue(ClassicalTrainer)}' is not sdca or lightgbm.", ExitCodes.Usage),
        CacheFolder = CacheFolder(parse),
        Device = ParseDevice(parse.GetValue(Device)!),
        MusicnnWeights = parse.GetValue(MusicnnWeights),
        MusicnnCache = parse.GetValue(MusicnnCache),
        MusicnnUrl = parse.GetValue(MusicnnUrl),
        MusicnnMaxPatches = parse.GetValue(MusicnnMaxPatches) is { } m ? Positive(m, "--musicnn-max-patches") : null,
        // --learning-rate's default suits training from scratch; fine-tuning a pretrained network wants musicnn's own default unless one is given.
        FineTuneLearningRate = parse.GetResult(LearningRate) is { Implicit: false } ? parse.GetValue(LearningRate) : MusicGenre.Models.Musicnn.MusicnnFineTuneOptions.Defaults.LearningRate,
    };

    public static ComputeDevice ParseDevice(string text) => text.Trim().ToLowerInvariant() switch
    {
        "cpu" => ComputeDevice.Cpu,
        "cuda" or "gpu" => ComputeDevice.Cuda,
        "auto" => ComputeDevice.Auto,
        _ => throw new CliException($"--device: '{text}' is not cpu, cuda or auto.", ExitCodes.Usage),
    };

    private static int Positive(int value, string name) => value > 0 ? value : throw new CliException($"{name} must be positive; got {value}.", ExitCodes.Usage);
}
