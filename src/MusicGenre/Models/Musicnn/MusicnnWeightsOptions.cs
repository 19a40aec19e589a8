namespace MusicGenre.Models.Musicnn;

/// <summary>
/// Where the pretrained musicnn weights (<c>MSD_musicnn.h5</c>) come from: a file you give, or a download from
/// <see cref="Url"/> into <see cref="CacheDirectory"/>, verified against <see cref="Sha256"/>.
/// </summary>
public sealed class MusicnnWeightsOptions
{
    /// <summary>Default values.</summary>
    public static class Defaults
    {
        /// <summary>The public Keras checkpoint (Quint-e/musicnn_keras, ISC licence).</summary>
        public const string Url = "https://github.com/Quint-e/musicnn_keras/raw/master/musicnn_keras/keras_checkpoints/MSD_musicnn.h5";

        /// <summary>SHA-256 of <c>MSD_musicnn.h5</c>, lower-case hex.</summary>
        public const string Sha256 = "412a832c8527a813e084ba6f2cc7d068ecbbf1b68bda8c1de2e7de0d1f5fe7d1";

        /// <summary>File name in the cache folder.</summary>
        public const string FileName = "MSD_musicnn.h5";

        /// <summary>Download timeout: 5 minutes.</summary>
        public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);
    }

    /// <summary>
    /// Use this <c>.h5</c> file instead of the cache (no download). Default null. When set it wins over
    /// <see cref="CacheDirectory"/> and <see cref="Url"/>; it is still verified unless <see cref="VerifyChecksum"/> is false.
    /// </summary>
    public string? Path { get; set; }

    /// <summary>
    /// Folder that holds the downloaded weights. Default null: <see cref="MusicnnWeights.DefaultCacheDirectory"/>
    /// (the <c>MUSICGENRE_CACHE</c> environment variable, else <c>~/.cache/musicgenre</c> or
    /// <c>%LOCALAPPDATA%\MusicGenre\cache</c>, with a <c>musicnn</c> subfolder).
    /// </summary>
    public string? CacheDirectory { get; set; }

    /// <summary>Where to download the weights from; default <see cref="Defaults.Url"/>.</summary>
    public string Url { get; set; } = Defaults.Url;

    /// <summary>Expected SHA-256 of the file (hex, any case); default <see cref="Defaults.Sha256"/>.</summary>
    public string Sha256 { get; set; } = Defaults.Sha256;

    /// <summary>Verify the file's SHA-256 (downloaded, cached or given by <see cref="Path"/>); default true.</summary>
    public bool VerifyChecksum { get; set; } = true;

    /// <summary>Give up a download after this long; default 5 minutes.</summary>
    public TimeSpan Timeout { get; set; } = Defaults.Timeout;

    /// <summary>Checks every option and throws one <see cref="ArgumentException"/> listing all problems.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (Path is not null && string.IsNullOrWhiteSpace(Path)) problems.Add("Path is empty (use null to download).");
        if (CacheDirectory is not null && string.IsNullOrWhiteSpace(CacheDirectory)) problems.Add("CacheDirectory is empty (use null for the default).");
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            problems.Add($"Url '{Url}' is not an absolute http(s) URL.");
        if (VerifyChecksum && (Sha256 is null || Sha256.Length != 64 || !Sha256.All(Uri.IsHexDigit)))
            problems.Add($"Sha256 '{Sha256}' is not 64 hexadecimal digits.");
        if (Timeout <= TimeSpan.Zero) problems.Add($"Timeout {Timeout} must be positive.");
        if (problems.Count > 0)
            throw new ArgumentException("Invalid musicnn weights options: " + string.Join(" ", problems));
    }
}
