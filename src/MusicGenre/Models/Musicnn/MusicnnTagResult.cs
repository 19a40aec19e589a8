namespace MusicGenre.Models.Musicnn;

/// <summary>The MSD tags of one track: the scores averaged over its patches and the per-patch timeline.</summary>
/// <param name="Source">The file or name the audio came from; null for samples.</param>
/// <param name="Tags">All 50 tags with the mean of their per-patch scores, highest first (ties keep the network's order).</param>
/// <param name="Timeline">Every analysed patch in time order.</param>
/// <param name="Duration">Length of the analysed audio.</param>
public sealed record MusicnnTagResult(string? Source, IReadOnlyList<MusicnnTagScore> Tags, IReadOnlyList<MusicnnTagPatch> Timeline, TimeSpan Duration)
{
    /// <summary>The <paramref name="count"/> best tags.</summary>
    /// <param name="count">How many (at least 1).</param>
    public IReadOnlyList<MusicnnTagScore> Top(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return Tags.Take(count).ToList();
    }
}
