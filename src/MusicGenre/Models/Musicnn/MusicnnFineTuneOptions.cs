namespace MusicGenre.Models.Musicnn;

/// <summary>Options of <see cref="MusicnnFineTuner"/>.</summary>
public sealed class MusicnnFineTuneOptions
{
    /// <summary>Default values.</summary>
    public static class Defaults
    {
        /// <summary>At most 10 epochs.</summary>
        public const int Epochs = 10;

        /// <summary>16 patches per step.</summary>
        public const int BatchSize = 16;

        /// <summary>Adam learning rate of the pretrained network: 1e-4.</summary>
        public const double LearningRate = 1e-4;

        /// <summary>Adam learning rate of the new head: 1e-3.</summary>
        public const double HeadLearningRate = 1e-3;

        /// <summary>Stop after 3 epochs without a lower validation loss.</summary>
        public const int EarlyStoppingPatience = 3;
    }

    /// <summary>Maximum number of epochs; default 10.</summary>
    public int Epochs { get; set; } = Defaults.Epochs;

    /// <summary>Patches per optimisation step; default 16.</summary>
    public int BatchSize { get; set; } = Defaults.BatchSize;

    /// <summary>Adam learning rate of the pretrained network; default 1e-4. 0 freezes the network (only the head learns).</summary>
    public double LearningRate { get; set; } = Defaults.LearningRate;

    /// <summary>Adam learning rate of the head (batch norm + dense); default 1e-3.</summary>
    public double HeadLearningRate { get; set; } = Defaults.HeadLearningRate;

    /// <summary>
    /// Stop when the validation loss has not improved for this many epochs; default 3; 0 disables. With validation
    /// data the best epoch's weights are restored at the end; without, every epoch is trained and the last kept
    /// (the same meaning as the genre trainer's <c>EarlyStoppingPatience</c>).
    /// </summary>
    public int EarlyStoppingPatience { get; set; } = Defaults.EarlyStoppingPatience;

    /// <summary>
    /// Keep every batch norm's running statistics frozen (musicnn's, learnt on the Million Song Dataset); default true,
    /// which suits small data sets. False updates them from the training batches.
    /// </summary>
    public bool FreezeBatchNormStatistics { get; set; } = true;

    /// <summary>Seed of weight initialisation, shuffling and dropout; default 0. Same seed, same data: same weights on CPU.</summary>
    public int Seed { get; set; }

    /// <summary>
    /// Folder for checkpoints; default null (none). With validation data, the best epoch's weights (TorchSharp format,
    /// of the whole classifier) are written atomically to <see cref="MusicnnFineTuner.BestWeightsFile"/> in it after each
    /// improvement. A fine-tuning run does not resume from it.
    /// </summary>
    public string? CheckpointDirectory { get; set; }

    /// <summary>Checks every option and throws one <see cref="ArgumentException"/> listing all problems.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (Epochs < 1) problems.Add($"Epochs {Epochs} must be at least 1.");
        if (BatchSize < 1) problems.Add($"BatchSize {BatchSize} must be at least 1.");
        if (!(LearningRate >= 0) || double.IsInfinity(LearningRate)) problems.Add($"LearningRate {LearningRate} must be finite and non-negative.");
        if (!(HeadLearningRate > 0) || double.IsInfinity(HeadLearningRate)) problems.Add($"HeadLearningRate {HeadLearningRate} must be finite and positive.");
        if (EarlyStoppingPatience < 0) problems.Add($"EarlyStoppingPatience {EarlyStoppingPatience} must be at least 0 (0 disables it).");
        if (CheckpointDirectory is not null && string.IsNullOrWhiteSpace(CheckpointDirectory)) problems.Add("CheckpointDirectory is empty (use null for none).");
        if (problems.Count > 0)
            throw new ArgumentException("Invalid musicnn fine-tuning options: " + string.Join(" ", problems));
    }
}
