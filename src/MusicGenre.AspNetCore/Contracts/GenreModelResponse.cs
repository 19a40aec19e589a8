namespace MusicGenre.AspNetCore.Contracts;

/// <summary>
/// The body of <c>GET {prefix}/model</c>: what <c>musicgenre info</c> says about the served model file, read from its
/// manifest.
/// </summary>
/// <param name="File">The model file's name (without its folder).</param>
/// <param name="Kind">The model kind.</param>
/// <param name="Genres">The genres, in the order of the model's scores.</param>
/// <param name="FormatVersion">The model file format version.</param>
/// <param name="LibraryVersion">The MusicGenre version that wrote the file.</param>
/// <param name="Created">When the file was written (UTC).</param>
/// <param name="InputColumn">The audio path column the model starts at.</param>
/// <param name="LabelColumn">The label column (needed only to evaluate), or null.</param>
/// <param name="TrainedBy">What trained it (and its version), or null.</param>
/// <param name="Dataset">The dataset it was trained on, or null.</param>
/// <param name="Split">How the dataset was split, or null.</param>
/// <param name="Metrics">Measured figures by name (for example <c>test_accuracy</c>, 0–1).</param>
/// <param name="Settings">Training settings as text.</param>
/// <param name="Steps">The chain's steps, in order.</param>
/// <param name="WeightsLicense">musicnn models: the licence of the pretrained weights; else null.</param>
public sealed record GenreModelResponse(
    string File,
    string Kind,
    IReadOnlyList<string> Genres,
    int FormatVersion,
    string LibraryVersion,
    DateTimeOffset Created,
    string? InputColumn,
    string? LabelColumn,
    string? TrainedBy,
    string? Dataset,
    string? Split,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, string> Settings,
    IReadOnlyList<GenreModelStepResponse> Steps,
    string? WeightsLicense);
