namespace MusicGenre.Datasets;

/// <summary>
/// Maps track ids (file names without extension, e.g. <c>blues.00012</c>) to artists. Reads Bob Sturm's GTZAN index
/// (<c>GTZANindex_sturm2013faults.txt</c>: <c>blues.00000.wav ::: John Lee Hooker ::: Title</c>). Immutable and thread-safe.
/// </summary>
public sealed class ArtistIndex
{
    private readonly Dictionary<string, string> _artists;

    /// <summary>Creates an index from track id → artist pairs; blank artists are left out.</summary>
    /// <param name="artists">Track ids (any extension is removed) and their artists.</param>
    public ArtistIndex(IEnumerable<KeyValuePair<string, string>> artists)
    {
        ArgumentNullException.ThrowIfNull(artists);
        _artists = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (track, artist) in artists)
            if (!string.IsNullOrWhiteSpace(artist)) _artists[TrackId.Of(track)] = artist.Trim();
    }

    /// <summary>Number of tracks with a known artist.</summary>
    public int Count => _artists.Count;

    /// <summary>Reads Sturm's index; comment lines start with <c>#</c>, tracks with an empty artist are unknown.</summary>
    /// <param name="path">The index file.</param>
    /// <exception cref="DatasetException">The file is missing or holds no entry.</exception>
    public static ArtistIndex LoadSturm(string path)
    {
        if (!File.Exists(path)) throw new DatasetException(path, "artist index not found.");
        var pairs = new List<KeyValuePair<string, string>>();
        var lines = 0;
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var parts = line.Split(":::");
            if (parts.Length < 2) continue;
            lines++;
            pairs.Add(new(parts[0].Trim(), parts[1].Trim()));
        }
        if (lines == 0) throw new DatasetException(path, "no 'track ::: artist ::: title' line found; is this Sturm's GTZAN index?");
        return new ArtistIndex(pairs);
    }

    /// <summary>The artist of a track, or null when unknown.</summary>
    /// <param name="trackPathOrId">A path, file name or id; directory and extension are ignored.</param>
    public string? Find(string trackPathOrId)
        => _artists.TryGetValue(TrackId.Of(trackPathOrId), out var a) ? a : null;
}
