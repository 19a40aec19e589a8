namespace MusicGenre.Datasets;

/// <summary>One labelled track of a <see cref="GenreDataset"/>: a file, its genre and, when known, its artist.</summary>
/// <param name="Path">Full path of the audio file.</param>
/// <param name="Label">The genre label (for GTZAN the folder name, e.g. <c>blues</c>).</param>
/// <param name="Artist">The performing artist when known (e.g. from Sturm's GTZAN index), used to keep an artist in one split part; null when unknown.</param>
public sealed record GenreTrack(string Path, string Label, string? Artist = null)
{
    /// <summary>The file name without directory and extension (for GTZAN the track id, e.g. <c>blues.00012</c>).</summary>
    public string Id => TrackId.Of(Path);
}
