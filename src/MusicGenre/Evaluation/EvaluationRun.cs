namespace MusicGenre.Evaluation;

/// <summary>Everything a run's report holds: what was trained on what, its history and its test metrics.</summary>
public sealed class EvaluationRun
{
    /// <summary>Model name (e.g. <c>cnn-lstm</c>).</summary>
    public required string Model { get; init; }

    /// <summary>Dataset name (e.g. <c>gtzan</c>, or <c>synthetic</c> for the generated set).</summary>
    public required string Dataset { get; init; }

    /// <summary>Split description (e.g. <c>fault-filtered</c>, <c>fold 2/5</c>).</summary>
    public required string Split { get; init; }

    /// <summary>Track-level test metrics (a track's windows averaged, then the top genre); null when the model was not evaluated (no test tracks: trained on everything).</summary>
    public GenreMetrics? TrackMetrics { get; init; }

    /// <summary>Window-level test metrics, when the model works on windows.</summary>
    public GenreMetrics? WindowMetrics { get; init; }

    /// <summary>Training history, one record per epoch (empty for models trained in one pass).</summary>
    public IReadOnlyList<EpochRecord> History { get; init; } = [];

    /// <summary>Settings worth recording (options, seed, track counts...), shown in the report.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>Other runs to compare with (e.g. several architectures or seeds); drawn as the comparison plot.</summary>
    public IReadOnlyList<ModelScores> Comparison { get; init; } = [];

    /// <summary>Wall-clock training time in seconds.</summary>
    public double TrainingSeconds { get; init; }

    /// <summary>Files that could not be used, with the reason.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];
}
