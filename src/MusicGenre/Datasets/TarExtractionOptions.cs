namespace MusicGenre.Datasets;

/// <summary>Limits of <see cref="SafeTarExtractor"/>, guarding against hostile or corrupt archives.</summary>
public sealed class TarExtractionOptions
{
    /// <summary>Default values.</summary>
    public static class Defaults
    {
        /// <summary>Largest single entry: 1 GiB.</summary>
        public const long MaxEntryBytes = 1L << 30;

        /// <summary>Largest total of all entries: 8 GiB (GTZAN unpacks to about 1.2 GB).</summary>
        public const long MaxTotalBytes = 8L << 30;

        /// <summary>Most entries: 100,000.</summary>
        public const int MaxEntries = 100_000;
    }

    /// <summary>Largest single entry in bytes; default 1 GiB.</summary>
    public long MaxEntryBytes { get; set; } = Defaults.MaxEntryBytes;

    /// <summary>Largest total size of all entries in bytes; default 8 GiB.</summary>
    public long MaxTotalBytes { get; set; } = Defaults.MaxTotalBytes;

    /// <summary>Most entries (files and folders); default 100,000.</summary>
    public int MaxEntries { get; set; } = Defaults.MaxEntries;

    internal void Validate()
    {
        var problems = new List<string>();
        if (MaxEntryBytes <= 0) problems.Add($"MaxEntryBytes must be positive; got {MaxEntryBytes}.");
        if (MaxTotalBytes <= 0) problems.Add($"MaxTotalBytes must be positive; got {MaxTotalBytes}.");
        if (MaxEntries <= 0) problems.Add($"MaxEntries must be positive; got {MaxEntries}.");
        if (problems.Count > 0) throw new ArgumentException("Invalid extraction options: " + string.Join(" ", problems));
    }
}
