namespace MusicGenre.Datasets;

/// <summary>
/// A split of a dataset's tracks into train, validation and test parts. Splits are always by track (a track's
/// windows never span two parts) and, when grouped by artist, an artist's tracks stay in one part.
/// </summary>
public sealed class DatasetSplit
{
    /// <summary>Creates a split.</summary>
    /// <param name="name">A description for reports (e.g. <c>random seed 1</c>, <c>fold 2/5</c>, <c>fault-filtered</c>).</param>
    /// <param name="train">Training tracks.</param>
    /// <param name="valid">Validation tracks (may be empty).</param>
    /// <param name="test">Test tracks.</param>
    /// <param name="issues">Problems met while building the split (e.g. list entries missing from the dataset).</param>
    public DatasetSplit(string name, IReadOnlyList<GenreTrack> train, IReadOnlyList<GenreTrack> valid, IReadOnlyList<GenreTrack> test, IReadOnlyList<DatasetIssue>? issues = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(valid);
        ArgumentNullException.ThrowIfNull(test);
        Name = name;
        Train = train;
        Valid = valid;
        Test = test;
        Issues = issues ?? [];
    }

    /// <summary>A description for reports.</summary>
    public string Name { get; }

    /// <summary>Training tracks.</summary>
    public IReadOnlyList<GenreTrack> Train { get; }

    /// <summary>Validation tracks (early stopping, model selection); may be empty.</summary>
    public IReadOnlyList<GenreTrack> Valid { get; }

    /// <summary>Test tracks, used only for the final evaluation.</summary>
    public IReadOnlyList<GenreTrack> Test { get; }

    /// <summary>Problems met while building the split.</summary>
    public IReadOnlyList<DatasetIssue> Issues { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Train.Count} train / {Valid.Count} valid / {Test.Count} test";
}
