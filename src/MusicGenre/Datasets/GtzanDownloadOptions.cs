namespace MusicGenre.Datasets;

/// <summary>Options of <see cref="GtzanDownloader"/>.</summary>
public sealed class GtzanDownloadOptions
{
    /// <summary>Default values.</summary>
    public static class Defaults
    {
        /// <summary>The Marsyas GTZAN archive as mirrored on Hugging Face (about 1.2 GB).</summary>
        public static Uri Url { get; } = new("https://huggingface.co/datasets/marsyas/gtzan/resolve/main/data/genres.tar.gz");

        /// <summary>MD5 of <c>genres.tar.gz</c>.</summary>
        public const string Md5 = "5b3d6dddb579ab49814ab86dba69e7c7";

        /// <summary>Largest accepted archive: 4 GiB.</summary>
        public const long MaxArchiveBytes = 4L << 30;

        /// <summary>Give up when no byte arrives for 60 s.</summary>
        public static TimeSpan StallTimeout { get; } = TimeSpan.FromSeconds(60);
    }

    /// <summary>Address of <c>genres.tar.gz</c>; default the Hugging Face mirror.</summary>
    public Uri Url { get; set; } = Defaults.Url;

    /// <summary>Expected MD5 (hex); default GTZAN's. Null skips verification (not recommended).</summary>
    public string? Md5 { get; set; } = Defaults.Md5;

    /// <summary>Largest accepted archive in bytes; default 4 GiB.</summary>
    public long MaxArchiveBytes { get; set; } = Defaults.MaxArchiveBytes;

    /// <summary>Give up when no byte arrives for this long; default 60 s.</summary>
    public TimeSpan StallTimeout { get; set; } = Defaults.StallTimeout;

    /// <summary>Keep <c>genres.tar.gz</c> after extracting it; default true (a later run then skips the download).</summary>
    public bool KeepArchive { get; set; } = true;

    /// <summary>Limits applied while extracting.</summary>
    public TarExtractionOptions Extraction { get; set; } = new();

    internal void Validate()
    {
        var problems = new List<string>();
        if (Url is null || !Url.IsAbsoluteUri || (Url.Scheme != Uri.UriSchemeHttp && Url.Scheme != Uri.UriSchemeHttps)) problems.Add($"Url must be an absolute http(s) address; got '{Url}'.");
        if (Md5 is not null && (Md5.Length != 32 || !Md5.All(Uri.IsHexDigit))) problems.Add($"Md5 must be 32 hex digits; got '{Md5}'.");
        if (MaxArchiveBytes <= 0) problems.Add($"MaxArchiveBytes must be positive; got {MaxArchiveBytes}.");
        if (StallTimeout <= TimeSpan.Zero) problems.Add($"StallTimeout must be positive; got {StallTimeout}.");
        if (Extraction is null) problems.Add("Extraction must not be null.");
        if (problems.Count > 0) throw new ArgumentException("Invalid GTZAN download options: " + string.Join(" ", problems));
        Extraction!.Validate();
    }
}
