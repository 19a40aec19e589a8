namespace MusicGenre.Datasets;

/// <summary>GTZAN's files that are known to be unusable, by track id.</summary>
internal static class GtzanKnownFaults
{
    /// <summary>
    /// Track ids that are skipped by default: <c>jazz.00054</c>, whose WAV copy in the common Kaggle/Hugging Face
    /// distribution cannot be decoded.
    /// </summary>
    public static IReadOnlySet<string> BrokenTrackIds { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "jazz.00054" };

    /// <summary>True when <paramref name="path"/> names a known-broken GTZAN file (any extension).</summary>
    /// <param name="path">A file path or name.</param>
    public static bool IsKnownBroken(string path) => BrokenTrackIds.Contains(TrackId.Of(path));
}
