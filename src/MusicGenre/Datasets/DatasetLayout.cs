namespace MusicGenre.Datasets;

/// <summary>How a dataset was found on disk.</summary>
public enum DatasetLayout
{
    /// <summary>Built in memory from a list of tracks.</summary>
    InMemory,

    /// <summary>GTZAN's original archive layout: <c>genres/&lt;genre&gt;/&lt;genre&gt;.000NN.au</c>.</summary>
    GtzanOriginal,

    /// <summary>The common WAV copy of GTZAN: <c>genres_original/&lt;genre&gt;/*.wav</c>.</summary>
    GtzanWav,

    /// <summary>Any folder-per-genre collection: <c>&lt;root&gt;/&lt;genre&gt;/*.wav|au|mp3|...</c>.</summary>
    FolderPerGenre,

    /// <summary>A CSV manifest with <c>path,label</c> rows (optionally <c>artist</c>).</summary>
    CsvManifest,
}
