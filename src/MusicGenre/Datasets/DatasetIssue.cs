namespace MusicGenre.Datasets;

/// <summary>A file left out of a dataset, with the reason.</summary>
/// <param name="Path">The file (or, for a manifest line, the manifest and its line number).</param>
/// <param name="Kind">What kind of problem it is.</param>
/// <param name="Reason">A human-readable explanation.</param>
public sealed record DatasetIssue(string Path, DatasetIssueKind Kind, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path}: {Reason}";
}
