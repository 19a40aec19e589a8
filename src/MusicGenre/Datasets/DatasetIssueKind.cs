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
