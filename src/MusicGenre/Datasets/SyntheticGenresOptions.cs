namespace MusicGenre.Datasets;

/// <summary>Options of the <see cref="SyntheticGenres"/> generator.</summary>
public sealed class SyntheticGenresOptions
{
    /// <summary>Default values.</summary>
    public static class Defaults
    {
        /// <summary>Clips generated per class: 20.</summary>
        public const int ClipsPerGenre = 20;

        /// <summary>Clip length in seconds: 5.</summary>
        public const double DurationSeconds = 5;

        /// <summary>Sample rate in Hz: 22,050 (the pipeline's rate, so no resampling is needed).</summary>
        public const int SampleRate = 22050;

        /// <summary>Seed: 1.</summary>
        public const int Seed = 1;
    }

    /// <summary>Clips generated per class (1 to 10,000); default 20.</summary>
    public int ClipsPerGenre { get; set; } = Defaults.ClipsPerGenre;

    /// <summary>Clip length in seconds (0.1 to 600); default 5.</summary>
    public double DurationSeconds { get; set; } = Defaults.DurationSeconds;

    /// <summary>Sample rate in Hz (8,000 to 96,000); default 22,050.</summary>
    public int SampleRate { get; set; } = Defaults.SampleRate;

    /// <summary>Seed: the same seed gives the same samples (bit for bit on a given platform). Default 1.</summary>
    public int Seed { get; set; } = Defaults.Seed;

    internal void Validate()
    {
        var problems = new List<string>();
        if (ClipsPerGenre is < 1 or > 10_000) problems.Add($"ClipsPerGenre must be in [1, 10000]; got {ClipsPerGenre}.");
        if (!(DurationSeconds >= 0.1 && DurationSeconds <= 600)) problems.Add($"DurationSeconds must be in [0.1, 600]; got {DurationSeconds}.");
        if (SampleRate is < 8000 or > 96000) problems.Add($"SampleRate must be in [8000, 96000] Hz; got {SampleRate}.");
        if (problems.Count > 0) throw new ArgumentException("Invalid synthetic dataset options: " + string.Join(" ", problems));
    }
}
