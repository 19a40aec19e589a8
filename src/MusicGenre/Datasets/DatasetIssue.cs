namespace MusicGenre.Datasets;

/// <summary>Why a file was left out of a dataset.</summary>
public enum DatasetIssueKind
{
    /// <summary>A file listed by a manifest or split list does not exist.</summary>
    Missing,

    /// <summary>The file is empty (0 bytes).</summary>
    Empty,

    /// <summary>The file is known to be broken (GTZAN's <c>jazz.00054</c>) and was skipped on purpose.</summary>
    KnownBroken,

    /// <summary>The file exists but could not be decoded.</summary>
    Unreadable,

    /// <summary>A manifest line could not be parsed.</summary>
    BadManifestLine,

    /// <summary>A file outside any genre folder (directly in the dataset root) was ignored.</summary>
    NotInGenreFolder,
}

/// <summary>A file left out of a dataset, with the reason.</summary>
/// <param name="Path">The file (or, for a manifest line, the manifest and its line number).</param>
/// <param name="Kind">What kind of problem it is.</param>
/// <param name="Reason">A human-readable explanation.</param>
public sealed record DatasetIssue(string Path, DatasetIssueKind Kind, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path}: {Reason}";
}
