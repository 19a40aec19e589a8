using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using MusicGenre.IO;
using MusicGenre.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace MusicGenre.Training;

/// <summary>
/// The state of an unfinished training run in <see cref="GenreTrainerOptions.CheckpointDirectory"/>:
/// <c>checkpoint.json</c> (format version, fingerprint of the run, epoch, learning rate, counters, history,
/// standardisation, SHA-256 of every file it names) plus the weight and Adam-state files of that epoch.
/// Written atomically: new files get new names, <c>checkpoint.json</c> is replaced by a rename (the commit point),
/// then files it no longer names are deleted. Not thread-safe.
/// </summary>
internal sealed class TrainingCheckpoint
{
    public const string FileName = "checkpoint.json";
    public const int FormatVersion = 1;

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public int Version { get; set; } = FormatVersion;

    /// <summary>What must match to resume (architecture, options that shape training, labels, data size).</summary>
    public Dictionary<string, string> Fingerprint { get; set; } = [];

    /// <summary>Last finished epoch (1-based).</summary>
    public int Epoch { get; set; }

    public double LearningRate { get; set; }

    public double Best { get; set; } = double.PositiveInfinity;

    public int SinceBest { get; set; }

    public int SinceReduction { get; set; }

    public float[] Mean { get; set; } = [];

    public float[] Std { get; set; } = [];

    public List<GenreTrainingProgress> History { get; set; } = [];

    public string WeightsFile { get; set; } = "";

    public string OptimizerFile { get; set; } = "";

    /// <summary>Best epoch's weights (validation runs only), or null.</summary>
    public string? BestWeightsFile { get; set; }

    /// <summary>SHA-256 (hex) of every file named above.</summary>
    public Dictionary<string, string> Hashes { get; set; } = [];

    /// <summary>The fingerprint of a run: everything a resumed run must share with the interrupted one.</summary>
    public static Dictionary<string, string> FingerprintOf(GenreTrainerOptions options, IReadOnlyList<string> labels, SpectrogramSet train,
        SpectrogramSet? validation, int seed)
    {
        static string Frames(SpectrogramSet s) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{s.Count} tracks, {Enumerable.Range(0, s.Count).Sum(t => (long)s.Frames(t))} frames");
        var a = options.Augmentation;
        return new Dictionary<string, string>
        {
            ["architecture"] = options.Architecture,
            ["nMels"] = Invariant(options.BandCount),
            ["windowFrames"] = Invariant(options.WindowFrames),
            ["trainingHopFrames"] = Invariant(options.EffectiveTrainingHop),
            ["batchSize"] = Invariant(options.BatchSize),
            ["learningRate"] = Invariant(options.LearningRate),
            ["weightDecay"] = Invariant(options.WeightDecay),
            ["shuffle"] = Invariant(options.Shuffle),
            ["earlyStoppingPatience"] = Invariant(options.EarlyStoppingPatience),
            ["learningRatePatience"] = Invariant(options.LearningRatePatience),
            ["learningRateFactor"] = Invariant(options.LearningRateFactor),
            ["augmentation"] = string.Join(",", Invariant(a.RandomWindowOffsets), Invariant(a.MaxGainDb), Invariant(a.NoiseStdDb),
                Invariant(a.TimeMasks), Invariant(a.MaxTimeMaskFrames), Invariant(a.FrequencyMasks), Invariant(a.MaxFrequencyMaskBands)),
            ["seed"] = Invariant(seed),
            ["labels"] = string.Join("|", labels),
            ["training data"] = Frames(train),
            ["validation data"] = validation is null ? "none" : Frames(validation),
        };
    }

    private static string Invariant<T>(T value) where T : IFormattable => value.ToString(null, System.Globalization.CultureInfo.InvariantCulture);

    private static string Invariant(bool value) => value ? "true" : "false";

    /// <summary>Reads the checkpoint of <paramref name="folder"/>, or null when it has none; checks version and file hashes.</summary>
    /// <exception cref="InvalidDataException">The checkpoint is damaged, from another format, or its files are missing or changed.</exception>
    public static TrainingCheckpoint? TryRead(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) return null;
        TrainingCheckpoint? checkpoint;
        try
        {
            checkpoint = JsonSerializer.Deserialize<TrainingCheckpoint>(File.ReadAllBytes(path), Json);
        }
        catch (JsonException e)
        {
            throw Damaged(path, "it is not valid JSON (" + e.Message + ")", e);
        }
        if (checkpoint is null) throw Damaged(path, "it is empty");
        if (checkpoint.Version != FormatVersion)
            throw Damaged(path, $"its format version is {checkpoint.Version}; this MusicGenre writes version {FormatVersion}");
        if (checkpoint.Epoch < 1 || checkpoint.History.Count != checkpoint.Epoch || string.IsNullOrEmpty(checkpoint.WeightsFile)
            || string.IsNullOrEmpty(checkpoint.OptimizerFile) || checkpoint.Mean.Length == 0 || checkpoint.Mean.Length != checkpoint.Std.Length)
            throw Damaged(path, "its fields are incomplete or inconsistent");
        foreach (var file in checkpoint.Files())
        {
            if (Path.GetFileName(file) != file) throw Damaged(path, $"it names a file outside its folder ('{file}')");
            var full = Path.Combine(folder, file);
            if (!File.Exists(full)) throw Damaged(path, $"its file '{file}' is missing");
            if (!checkpoint.Hashes.TryGetValue(file, out var hash) || !string.Equals(hash, Hash(full), StringComparison.OrdinalIgnoreCase))
                throw Damaged(path, $"its file '{file}' does not match its checksum (corrupted or modified)");
        }
        return checkpoint;
    }

    /// <summary>Throws an <see cref="InvalidDataException"/> naming every fingerprint entry that differs.</summary>
    public void CheckCompatible(string folder, Dictionary<string, string> expected)
    {
        var differences = expected.Keys.Union(Fingerprint.Keys)
            .Where(k => !Fingerprint.TryGetValue(k, out var v) || !expected.TryGetValue(k, out var e) || v != e)
            .Select(k => $"{k}: checkpoint '{Fingerprint.GetValueOrDefault(k, "?")}', now '{expected.GetValueOrDefault(k, "?")}'")
            .ToList();
        if (differences.Count > 0)
            throw new InvalidDataException(
                $"The checkpoint in '{folder}' belongs to another training run ({string.Join("; ", differences)}). " +
                "Use another CheckpointDirectory, delete it, or set ResumeFromCheckpoint = false to start afresh.");
    }

    /// <summary>Writes the state after <paramref name="epoch"/> and commits it; <paramref name="bestChanged"/> writes new best weights.</summary>
    public void Write(string folder, int epoch, nn.Module network, TorchSharp.Modules.OptimizerHelper optimizer, bool bestChanged)
    {
        Epoch = epoch;
        WeightsFile = $"epoch-{epoch:D4}.weights";
        OptimizerFile = $"epoch-{epoch:D4}.adam";
        TorchFiles.Save(Path.Combine(folder, WeightsFile), writer => network.save(writer));
        TorchFiles.Save(Path.Combine(folder, OptimizerFile), optimizer.save_state_dict);
        if (bestChanged)
        {
            BestWeightsFile = $"best-{epoch:D4}.weights";
            TorchFiles.Save(Path.Combine(folder, BestWeightsFile), writer => network.save(writer));
        }
        Hashes = Files().ToDictionary(f => f, f => Hash(Path.Combine(folder, f)));
        // The JSON is the commit: until it is renamed into place, the previous epoch's checkpoint stays the valid one.
        AtomicFile.WriteAllBytes(Path.Combine(folder, FileName), JsonSerializer.SerializeToUtf8Bytes(this, Json));
        var keep = Files().ToHashSet();
        foreach (var old in Directory.EnumerateFiles(folder, "*.weights").Concat(Directory.EnumerateFiles(folder, "*.adam")))
            if (!keep.Contains(Path.GetFileName(old))) File.Delete(old);
    }

    /// <summary>Loads the last weights and Adam's state into <paramref name="network"/> and <paramref name="optimizer"/>.</summary>
    public void LoadLast(string folder, nn.Module network, TorchSharp.Modules.OptimizerHelper optimizer)
    {
        Load(folder, WeightsFile, () => network.load(Path.Combine(folder, WeightsFile)));
        Load(folder, OptimizerFile, () => optimizer.load_state_dict(Path.Combine(folder, OptimizerFile)));
    }

    /// <summary>Loads the best weights into <paramref name="network"/>.</summary>
    public void LoadBest(string folder, nn.Module network)
        => Load(folder, BestWeightsFile!, () => network.load(Path.Combine(folder, BestWeightsFile!)));

    private static void Load(string folder, string file, Action load)
    {
        try
        {
            load();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw Damaged(Path.Combine(folder, file), "torch could not load it (" + e.Message + ")", e);
        }
    }

    private IEnumerable<string> Files()
    {
        yield return WeightsFile;
        yield return OptimizerFile;
        if (BestWeightsFile is not null) yield return BestWeightsFile;
    }

    private static string Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream));
    }

    private static InvalidDataException Damaged(string path, string reason, Exception? inner = null)
        => new($"The training checkpoint '{path}' cannot be used: {reason}. Delete the checkpoint folder to start afresh.", inner);
}
