namespace MusicGenre.Datasets;

/// <summary>Options of <see cref="DatasetSplitter"/>'s random and k-fold splits.</summary>
public sealed class SplitOptions
{
    /// <summary>Default values.</summary>
    public static class Defaults
    {
        /// <summary>Fraction of each genre's tracks held out for validation: 0.15.</summary>
        public const double ValidFraction = 0.15;

        /// <summary>Fraction of each genre's tracks held out for testing (random split only): 0.15.</summary>
        public const double TestFraction = 0.15;

        /// <summary>Random seed: 1.</summary>
        public const int Seed = 1;
    }

    /// <summary>
    /// Fraction (0 ≤ x &lt; 1) of each genre's tracks held out for validation; in a k-fold split, the fraction of
    /// the non-test tracks. Default 0.15; 0 gives an empty validation part.
    /// </summary>
    public double ValidFraction { get; set; } = Defaults.ValidFraction;

    /// <summary>
    /// Fraction (0 ≤ x &lt; 1) of each genre's tracks held out for testing (random split only); default 0.15. 0 gives
    /// an empty test part (train on everything, for a model to deploy); a fraction too small for a genre's tracks
    /// gives that genre no test track.
    /// </summary>
    public double TestFraction { get; set; } = Defaults.TestFraction;

    /// <summary>Seed of the shuffles; the same seed and dataset give the same split. Default 1.</summary>
    public int Seed { get; set; } = Defaults.Seed;

    /// <summary>
    /// Keep each artist's tracks in one part (needs <see cref="GenreTrack.Artist"/>; tracks without an artist are
    /// their own group). Proportions are then approximate. Default false.
    /// </summary>
    public bool GroupByArtist { get; set; }

    internal void Validate(bool needsTest)
    {
        var problems = new List<string>();
        if (!(ValidFraction >= 0 && ValidFraction < 1)) problems.Add($"ValidFraction must be in [0, 1); got {ValidFraction}.");
        if (needsTest && !(TestFraction >= 0 && TestFraction < 1)) problems.Add($"TestFraction must be in [0, 1); got {TestFraction}.");
        if (needsTest && ValidFraction + TestFraction >= 1) problems.Add($"ValidFraction + TestFraction must be below 1; got {ValidFraction + TestFraction}.");
        if (problems.Count > 0) throw new ArgumentException("Invalid split options: " + string.Join(" ", problems));
    }
}
