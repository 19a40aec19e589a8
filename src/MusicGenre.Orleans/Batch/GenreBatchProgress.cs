namespace MusicGenre.Orleans.Batch;

/// <summary>Where a batch run stands.</summary>
/// <param name="Total">Tracks in the input (distinct paths).</param>
/// <param name="Skipped">Tracks already in the output when the run started (a resumed run).</param>
/// <param name="Done">Tracks written by this run.</param>
/// <param name="Failed">Tracks of this run written with an error.</param>
/// <param name="Retried">Times a track was sent again: its silo failed, or another silo stopped while its call was out (the call may have gone through that silo's gateway).</param>
/// <param name="Silos">Silos working for the run now.</param>
/// <param name="Elapsed">Time since the run started.</param>
/// <param name="TracksPerSecond">Tracks written per second by this run.</param>
/// <param name="Remaining">Estimated time to the end at that rate; null until the first track is done.</param>
/// <param name="Events">What happened to silos since the previous report (joined, left, ignored).</param>
public sealed record GenreBatchProgress(int Total, int Skipped, int Done, int Failed, int Retried, int Silos, TimeSpan Elapsed, double TracksPerSecond, TimeSpan? Remaining,
    IReadOnlyList<string> Events)
{
    /// <summary>Tracks with a row in the output (skipped plus done).</summary>
    public int Completed => Skipped + Done;
}
