using Orleans;

namespace MusicGenre.Orleans.Grains;

/// <summary>
/// The genre classifier of one silo. Its key is the silo's address (<c>SiloAddress.ToParsableString()</c>): the grain
/// always lives on that silo, so a client picks the silo that classifies a track, and a call to a silo that has gone
/// fails instead of silently moving elsewhere (the client then retries the track on another silo).
/// </summary>
/// <remarks>
/// A track that cannot be classified (a file that does not decode, a missing file) is a result carrying its
/// <see cref="TrackClassification.Error"/>; an exception from a call means the silo could not do the work (it left,
/// is shutting down, or failed in a way that is not the track's fault) and the track should be tried elsewhere.
/// </remarks>
public interface IGenreClassifierGrain : IGrainWithStringKey
{
    /// <summary>The silo, its model and how many tracks it classifies at once.</summary>
    Task<GenreSiloInfo> GetInfoAsync();

    /// <summary>Classifies the audio file at <paramref name="path"/> (read by path: a shared file system).</summary>
    /// <param name="path">The track, as the silo sees it.</param>
    Task<TrackClassification> ClassifyAsync(string path);
}
