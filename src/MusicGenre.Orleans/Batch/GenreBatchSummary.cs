namespace MusicGenre.Orleans.Batch;

/// <summary>How a batch run ended.</summary>
/// <param name="Total">Tracks in the input (distinct paths).</param>
/// <param name="Skipped">Tracks already in the output when the run started.</param>
/// <param name="Done">Tracks written by this run.</param>
/// <param name="Failed">Tracks of this run written with an error.</param>
/// <param name="Retried">Times a track was sent again: its silo failed, or another silo stopped while its call was out (the call may have gone through that silo's gateway).</param>
/// <param name="DuplicateInputs">Paths that appeared more than once in the input (each classified once).</param>
/// <param name="Elapsed">How long the run took.</param>
/// <param name="Model">The model every row of the output came from.</param>
/// <param name="SilosUsed">The silos that wrote rows in this run, with how many.</param>
/// <param name="Events">What happened to silos during the run (joined, left, ignored), in order.</param>
public sealed record GenreBatchSummary(int Total, int Skipped, int Done, int Failed, int Retried, int DuplicateInputs, TimeSpan Elapsed, string Model,
    IReadOnlyDictionary<string, int> SilosUsed, IReadOnlyList<string> Events)
{
    /// <summary>Tracks written per second by this run.</summary>
    public double TracksPerSecond => Elapsed > TimeSpan.Zero ? Done / Elapsed.TotalSeconds : 0;
}
