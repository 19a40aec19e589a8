using MusicGenre.Features;
using MusicGenre.Models;
using MusicGenre.Torch;

namespace MusicGenre.Training;

/// <summary>
/// Options of the genre network trainer (<see cref="MusicGenre.MLNet.CnnLstmGenreTrainer"/>): the input layout,
/// the architecture, windowing, optimisation, early stopping, augmentation, device and checkpoints. Settings only:
/// progress and cancellation are given to the trainer itself (the catalog methods take them), and the trainer works
/// on its own copy, so it never changes this object.
/// </summary>
/// <remarks>
/// Input contract: the feature column holds a log-mel spectrogram (dB, as <c>power_to_db</c> gives) laid out
/// <c>[NMels, frames]</c> row-major (mel band outer), fixed or variable length; rows are tracks. The column written by
/// <c>MelSpectrogram</c> carries its band count, sample rate and hop as annotations, so <see cref="NMels"/>,
/// <see cref="SampleRate"/> and <see cref="HopLength"/> can stay unset.
/// </remarks>
public sealed class GenreTrainerOptions
{
    /// <summary>Default values.</summary>
    public static class Defaults
    {
        /// <summary>Default of <see cref="GenreTrainerOptions.LabelColumnName"/>.</summary>
        public const string LabelColumnName = "Label";

        /// <summary>Default of <see cref="GenreTrainerOptions.FeatureColumnName"/>.</summary>
        public const string FeatureColumnName = "Features";

        /// <summary>Default of <see cref="GenreTrainerOptions.Architecture"/>.</summary>
        public const string Architecture = GenreArchitectures.CnnLstm;

        /// <summary>The seed's 64 mel bands (the CLI's default; the trainer itself reads the band count from the data).</summary>
        public const int SeedNMels = 64;

        /// <summary>Default of <see cref="GenreTrainerOptions.WindowFrames"/>: 173 frames = 4 s at 22,050 Hz with hop 512.</summary>
        public const int WindowFrames = 173;

        /// <summary>Default of <see cref="GenreTrainerOptions.Epochs"/>.</summary>
        public const int Epochs = 30;

        /// <summary>Default of <see cref="GenreTrainerOptions.BatchSize"/>.</summary>
        public const int BatchSize = 32;

        /// <summary>Default of <see cref="GenreTrainerOptions.LearningRate"/> (Adam).</summary>
        public const double LearningRate = 1e-3;

        /// <summary>Default of <see cref="GenreTrainerOptions.WeightDecay"/>.</summary>
        public const double WeightDecay = 0;

        /// <summary>Default of <see cref="GenreTrainerOptions.EarlyStoppingPatience"/>.</summary>
        public const int EarlyStoppingPatience = 8;

        /// <summary>Default of <see cref="GenreTrainerOptions.LearningRatePatience"/>.</summary>
        public const int LearningRatePatience = 3;

        /// <summary>Default of <see cref="GenreTrainerOptions.LearningRateFactor"/>.</summary>
        public const double LearningRateFactor = 0.5;

        /// <summary>Default of <see cref="GenreTrainerOptions.MinimumLearningRate"/>.</summary>
        public const double MinimumLearningRate = 1e-6;

        /// <summary>The sample rate assumed when neither <see cref="GenreTrainerOptions.SampleRate"/> nor the feature column says, in Hz.</summary>
        public const int SampleRate = 22050;

        /// <summary>The hop assumed when neither <see cref="GenreTrainerOptions.HopLength"/> nor the feature column says, in samples.</summary>
        public const int HopLength = 512;
    }

    /// <summary>Label column: a key type (use <c>MapValueToKey</c>); default <c>Label</c>.</summary>
    public string LabelColumnName { get; set; } = Defaults.LabelColumnName;

    /// <summary>Feature column: a float vector holding <c>[NMels, frames]</c> log-mel in dB; default <c>Features</c>.</summary>
    public string FeatureColumnName { get; set; } = Defaults.FeatureColumnName;

    /// <summary>Network architecture by name (<see cref="GenreArchitectures.Names"/>); default <c>cnn-lstm</c>.</summary>
    public string Architecture { get; set; } = Defaults.Architecture;

    /// <summary>
    /// Mel bands per frame, used to reshape the flat feature vector; default null: read from the feature column (its
    /// <c>MelSpectrogram</c> annotation, or the first of its dimensions <c>[NMels, frames]</c>). When set and the
    /// column says otherwise, <c>Fit</c> throws an <see cref="ArgumentException"/> naming both numbers.
    /// </summary>
    public int? NMels { get; set; }

    /// <summary>Frames per network window; default 173 (4 s at 22,050 Hz, hop 512).</summary>
    public int WindowFrames { get; set; } = Defaults.WindowFrames;

    /// <summary>Frames between training window starts; null (default) means <see cref="WindowFrames"/> (no overlap). Smaller values overlap windows.</summary>
    public int? TrainingHopFrames { get; set; }

    /// <summary>Frames between window starts at prediction and validation; null (default) means <see cref="WindowFrames"/> (a 30 s track gives 7 windows).</summary>
    public int? PredictionHopFrames { get; set; }

    /// <summary>What to do with tracks shorter than one window; default <see cref="ShortTrackHandling.Pad"/>.</summary>
    public ShortTrackHandling ShortTracks { get; set; } = ShortTrackHandling.Pad;

    /// <summary>Maximum number of passes over the training windows; default 30.</summary>
    public int Epochs { get; set; } = Defaults.Epochs;

    /// <summary>Windows per mini-batch; default 32.</summary>
    public int BatchSize { get; set; } = Defaults.BatchSize;

    /// <summary>Initial Adam learning rate; default 0.001.</summary>
    public double LearningRate { get; set; } = Defaults.LearningRate;

    /// <summary>Adam L2 weight decay; default 0.</summary>
    public double WeightDecay { get; set; } = Defaults.WeightDecay;

    /// <summary>Shuffle training windows every epoch; default true.</summary>
    public bool Shuffle { get; set; } = true;

    /// <summary>
    /// Stop when the validation loss has not improved for this many epochs and restore the best epoch's weights;
    /// default 8; 0 disables. Needs validation data (ignored without it).
    /// </summary>
    public int EarlyStoppingPatience { get; set; } = Defaults.EarlyStoppingPatience;

    /// <summary>
    /// Multiply the learning rate by <see cref="LearningRateFactor"/> when the monitored loss (validation loss when
    /// given, else training loss) has not improved for this many epochs; default 3; 0 disables.
    /// </summary>
    public int LearningRatePatience { get; set; } = Defaults.LearningRatePatience;

    /// <summary>Factor applied to the learning rate on a plateau, in (0, 1); default 0.5.</summary>
    public double LearningRateFactor { get; set; } = Defaults.LearningRateFactor;

    /// <summary>The learning rate never drops below this; default 1e-6.</summary>
    public double MinimumLearningRate { get; set; } = Defaults.MinimumLearningRate;

    /// <summary>Training-time augmentation; defaults: random window offsets only.</summary>
    public SpectrogramAugmentationOptions Augmentation { get; set; } = new();

    /// <summary>
    /// Seed of weights, shuffling and augmentation; null (default) derives it from the <c>MLContext</c>'s seed,
    /// so <c>new MLContext(seed: 1)</c> gives identical weights on CPU run after run.
    /// </summary>
    public int? Seed { get; set; }

    /// <summary>
    /// Torch intra-op threads; null (default) leaves torch's setting. Note: this is a process-wide torch setting.
    /// </summary>
    public int? NumberOfThreads { get; set; }

    /// <summary>Device to train and predict on; default <see cref="ComputeDevice.Auto"/> (CUDA when available).</summary>
    public ComputeDevice Device { get; set; } = ComputeDevice.Auto;

    /// <summary>
    /// Folder for training checkpoints; null (default) writes none. After every epoch the trainer atomically writes
    /// the last state (weights, Adam's state, learning rate, epoch, early-stopping and plateau counters, history,
    /// standardisation statistics) and the best weights. When the folder already holds a checkpoint and
    /// <see cref="ResumeFromCheckpoint"/> is true, <c>Fit</c> continues from it after checking that architecture,
    /// options, labels and training data match (an <see cref="InvalidDataException"/> names what differs otherwise).
    /// Every epoch re-seeds shuffling, augmentation and dropout from <see cref="Seed"/> and the epoch number, so a
    /// resumed run on CPU gives the same weights as an uninterrupted one.
    /// </summary>
    public string? CheckpointDirectory { get; set; }

    /// <summary>Continue from the checkpoint in <see cref="CheckpointDirectory"/> when there is one; default true. False starts afresh and replaces it.</summary>
    public bool ResumeFromCheckpoint { get; set; } = true;

    /// <summary>
    /// When training is cancelled (the trainer's cancellation token, or <c>mlContext.CancelExecution()</c>) after at
    /// least one finished epoch, stop between batches and
    /// return the model (the best epoch's weights with validation data, else the last finished epoch's) instead of
    /// throwing; default false. The returned history then has fewer than <see cref="Epochs"/> entries.
    /// </summary>
    public bool ReturnBestOnCancel { get; set; }

    /// <summary>
    /// Sample rate of the audio the features came from, in Hz; used only to give timeline windows times; default null:
    /// the feature column's <c>MelSpectrogram</c> annotation, else 22,050. A value that contradicts the annotation is an error.
    /// </summary>
    public int? SampleRate { get; set; }

    /// <summary>
    /// Hop between spectrogram frames in samples (librosa <c>hop_length</c>); used only for timeline times; default
    /// null: the feature column's annotation, else 512. A value that contradicts the annotation is an error.
    /// </summary>
    public int? HopLength { get; set; }

    /// <summary>The band count, once the trainer has resolved it from the data (see <see cref="NMels"/>).</summary>
    internal int BandCount => NMels ?? throw new InvalidOperationException("NMels is resolved from the data before training.");

    /// <summary>The sample rate used for timeline times.</summary>
    internal int EffectiveSampleRate => SampleRate ?? Defaults.SampleRate;

    /// <summary>The hop used for timeline times.</summary>
    internal int EffectiveHopLength => HopLength ?? Defaults.HopLength;

    /// <summary>A deep copy (the trainer works on one, so the caller's object never changes).</summary>
    internal GenreTrainerOptions Clone()
    {
        var copy = (GenreTrainerOptions)MemberwiseClone();
        copy.Augmentation = Augmentation?.Clone()!;
        return copy;
    }

    /// <summary>The training hop actually used.</summary>
    internal int EffectiveTrainingHop => TrainingHopFrames ?? WindowFrames;

    /// <summary>The prediction hop actually used.</summary>
    internal int EffectivePredictionHop => PredictionHopFrames ?? WindowFrames;

    /// <summary>Checks every option and throws one <see cref="ArgumentException"/> listing all problems.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(LabelColumnName)) problems.Add("LabelColumnName must be set.");
        if (string.IsNullOrWhiteSpace(FeatureColumnName)) problems.Add("FeatureColumnName must be set.");
        if (!GenreArchitectures.TryGet(Architecture, out _))
            problems.Add($"Architecture '{Architecture}' is unknown; known: {string.Join(", ", GenreArchitectures.Names)}.");
        if (NMels is < 1) problems.Add($"NMels must be ≥ 1 (got {NMels}).");
        if (WindowFrames < 1) problems.Add($"WindowFrames must be ≥ 1 (got {WindowFrames}).");
        if (TrainingHopFrames is < 1) problems.Add($"TrainingHopFrames must be ≥ 1 frame (got {TrainingHopFrames}).");
        if (PredictionHopFrames is < 1) problems.Add($"PredictionHopFrames must be ≥ 1 frame (got {PredictionHopFrames}).");
        if (!Enum.IsDefined(ShortTracks)) problems.Add($"ShortTracks '{ShortTracks}' is not a known value.");
        if (Epochs < 1) problems.Add($"Epochs must be ≥ 1 (got {Epochs}).");
        if (BatchSize < 1) problems.Add($"BatchSize must be ≥ 1 (got {BatchSize}).");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) problems.Add($"LearningRate must be finite and > 0 (got {LearningRate}).");
        if (!(WeightDecay >= 0) || double.IsInfinity(WeightDecay)) problems.Add($"WeightDecay must be finite and ≥ 0 (got {WeightDecay}).");
        if (EarlyStoppingPatience < 0) problems.Add($"EarlyStoppingPatience must be ≥ 0 (got {EarlyStoppingPatience}).");
        if (LearningRatePatience < 0) problems.Add($"LearningRatePatience must be ≥ 0 (got {LearningRatePatience}).");
        if (!(LearningRateFactor > 0 && LearningRateFactor < 1)) problems.Add($"LearningRateFactor must be in (0, 1) (got {LearningRateFactor}).");
        if (!(MinimumLearningRate >= 0)) problems.Add($"MinimumLearningRate must be ≥ 0 (got {MinimumLearningRate}).");
        if (NumberOfThreads is < 1) problems.Add($"NumberOfThreads must be ≥ 1 (got {NumberOfThreads}).");
        if (!Enum.IsDefined(Device)) problems.Add($"Device '{Device}' is not a known value (cpu, cuda, auto).");
        if (SampleRate is < 1) problems.Add($"SampleRate must be ≥ 1 Hz (got {SampleRate}).");
        if (HopLength is < 1) problems.Add($"HopLength must be ≥ 1 sample (got {HopLength}).");
        if (CheckpointDirectory is { } folder && (string.IsNullOrWhiteSpace(folder) || folder.IndexOfAny(Path.GetInvalidPathChars()) >= 0))
            problems.Add($"CheckpointDirectory '{folder}' is not a valid folder path.");
        if (Augmentation is null) problems.Add("Augmentation must not be null.");
        else Augmentation.Validate(problems);
        if (problems.Count == 0 && GenreArchitectures.TryGet(Architecture, out var architecture))
            // Without NMels the band count comes from the data and is checked again at Fit; MelSpectrogram's default stands in.
            problems.AddRange(architecture.ValidateShape(new GenreNetworkShape(NMels ?? Features.MelSpectrogramOptions.Defaults.NMels, WindowFrames, 2)));
        if (problems.Count > 0)
            throw new ArgumentException("Invalid genre trainer options: " + string.Join(" ", problems));
    }
}
