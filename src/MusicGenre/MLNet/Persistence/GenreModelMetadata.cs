namespace MusicGenre.MLNet.Persistence;

/// <summary>
/// What is known about how a model was made, stored in its manifest by <c>SaveGenreModel</c> and read back by
/// <see cref="GenreModelInfo"/>: the data, the split, the measured metrics, the settings, and who trained it. Every
/// part is optional; nothing here changes what the model computes.
/// </summary>
public sealed class GenreModelMetadata
{
    /// <summary>Well-known key of <see cref="Metrics"/>: track-level accuracy on the held-out test tracks (0–1).</summary>
    public const string TestAccuracy = "test_accuracy";

    /// <summary>Well-known key of <see cref="Metrics"/>: track-level accuracy on the validation tracks (0–1).</summary>
    public const string ValidationAccuracy = "validation_accuracy";

    /// <summary>Well-known key of <see cref="Metrics"/>: the number of tracks the model was trained on.</summary>
    public const string TrainingTracks = "training_tracks";

    /// <summary>The dataset it was trained on (a name or a path), or null.</summary>
    public string? Dataset { get; init; }

    /// <summary>How the dataset was split (for example <c>fault-filtered</c> or <c>random, seed 1</c>), or null.</summary>
    public string? Split { get; init; }

    /// <summary>Measured figures by name (see <see cref="TestAccuracy"/> and the other well-known keys).</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Training settings as readable text (epochs, learning rate, features, ...).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>What trained it (for example <c>musicgenre train</c>); null for the library's own <c>SaveGenreModel</c> caller.</summary>
    public string? TrainedBy { get; init; }

    /// <summary>The version of the tool that trained it, or null.</summary>
    public string? ToolVersion { get; init; }
}
