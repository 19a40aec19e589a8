namespace MusicGenre.Datasets;

/// <summary>Options of <see cref="GenreDataset.Load(string, DatasetLoadOptions?)"/> and the other dataset readers.</summary>
public sealed class DatasetLoadOptions
{
    /// <summary>Default values.</summary>
    public static class Defaults
    {
        /// <summary>Audio file extensions (lower case, with the dot) that count as tracks in a folder-per-genre collection.</summary>
        public static IReadOnlyList<string> Extensions { get; } = [".wav", ".au", ".aif", ".aiff", ".mp3", ".ogg", ".flac", ".m4a", ".opus"];

        /// <summary>Skip GTZAN's known-broken files (see <see cref="GtzanKnownFaults"/>): true.</summary>
        public const bool SkipKnownBroken = true;

        /// <summary>Look for tracks in sub-folders of each genre folder (albums, discs): true.</summary>
        public const bool Recursive = true;
    }

    /// <summary>Audio file extensions, with the dot, compared case-insensitively; default <see cref="Defaults.Extensions"/>.</summary>
    public IReadOnlyList<string> Extensions { get; set; } = Defaults.Extensions;

    /// <summary>Skip (and report) GTZAN's known-broken <c>jazz.00054</c>; default true.</summary>
    public bool SkipKnownBroken { get; set; } = Defaults.SkipKnownBroken;

    /// <summary>Look for tracks in sub-folders of each genre folder; default true.</summary>
    public bool Recursive { get; set; } = Defaults.Recursive;

    /// <summary>
    /// Artist index (e.g. <see cref="ArtistIndex.LoadSturm(string)"/> of GTZAN) that fills
    /// <see cref="GenreTrack.Artist"/> for tracks it knows; default null. A manifest's <c>artist</c> column wins.
    /// </summary>
    public ArtistIndex? Artists { get; set; }

    internal void Validate()
    {
        var problems = new List<string>();
        if (Extensions is null || Extensions.Count == 0) problems.Add("Extensions must name at least one file extension.");
        else if (Extensions.Any(e => string.IsNullOrWhiteSpace(e) || !e.StartsWith('.')))
            problems.Add($"Extensions must start with a dot; got {string.Join(", ", Extensions.Select(e => $"'{e}'"))}.");
        if (problems.Count > 0) throw new ArgumentException("Invalid dataset options: " + string.Join(" ", problems));
    }
}
