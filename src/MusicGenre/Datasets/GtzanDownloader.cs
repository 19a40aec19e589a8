namespace MusicGenre.Datasets;

/// <summary>
/// Downloads GTZAN's <c>genres.tar.gz</c> (resuming an interrupted download, verifying its MD5) and extracts it
/// safely, giving <c>&lt;target&gt;/genres/&lt;genre&gt;/&lt;genre&gt;.000NN.au</c>, which <see cref="GenreDataset.Load"/> reads.
/// </summary>
public sealed class GtzanDownloader
{
    private readonly GtzanDownloadOptions _options;
    private readonly HttpClient _httpClient;

    /// <summary>Creates the downloader.</summary>
    /// <param name="options">Address, checksum, limits; null for defaults.</param>
    /// <param name="httpClient">The HTTP client; null for a shared default client.</param>
    public GtzanDownloader(GtzanDownloadOptions? options = null, HttpClient? httpClient = null)
    {
        _options = options ?? new GtzanDownloadOptions();
        _options.Validate();
        _httpClient = httpClient ?? SharedClient.Value;
    }

    private static readonly Lazy<HttpClient> SharedClient = new(() => new HttpClient { Timeout = Timeout.InfiniteTimeSpan });

    /// <summary>The archive's file name.</summary>
    public const string ArchiveName = "genres.tar.gz";

    /// <summary>
    /// Downloads (or resumes, or reuses an already verified) <c>genres.tar.gz</c> into <paramref name="targetFolder"/>
    /// and extracts it there.
    /// </summary>
    /// <param name="targetFolder">Destination folder.</param>
    /// <param name="progress">Download, verification and extraction progress.</param>
    /// <param name="cancellationToken">Stops; an interrupted download resumes next time.</param>
    /// <returns>The extracted <c>genres</c> folder.</returns>
    /// <exception cref="DownloadException">Offline, HTTP error or checksum mismatch.</exception>
    /// <exception cref="ArchiveException">The archive holds an unsafe entry.</exception>
    public async Task<string> DownloadAsync(string targetFolder, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(targetFolder);
        targetFolder = Path.GetFullPath(targetFolder);
        var archive = Path.Combine(targetFolder, ArchiveName);
        await FileDownloader.DownloadAsync(_httpClient, _options.Url, archive, _options.Md5, _options.MaxArchiveBytes, _options.StallTimeout, progress, cancellationToken).ConfigureAwait(false);
        return Extract(archive, targetFolder, progress, cancellationToken);
    }

    /// <summary>Extracts an already downloaded archive (for example one fetched by hand) after verifying its MD5.</summary>
    /// <param name="archivePath">The archive.</param>
    /// <param name="targetFolder">Destination folder.</param>
    /// <param name="progress">Verification and extraction progress.</param>
    /// <param name="cancellationToken">Stops.</param>
    /// <returns>The extracted <c>genres</c> folder (or the target folder when the archive has none).</returns>
    public string ExtractArchive(string archivePath, string targetFolder, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(archivePath)) throw new FileNotFoundException($"Archive not found: {archivePath}", archivePath);
        if (_options.Md5 is { } md5)
        {
            var length = new FileInfo(archivePath).Length;
            progress?.Report(new(DownloadStage.Verifying, 0, length));
            var actual = FileDownloader.ComputeMd5(archivePath, cancellationToken);
            if (!string.Equals(actual, md5, StringComparison.OrdinalIgnoreCase))
                throw new DownloadException(_options.Url, $"{archivePath}: MD5 is {actual}, expected {md5.ToLowerInvariant()}; the file is corrupt or not GTZAN's genres.tar.gz.");
        }
        return Extract(archivePath, Path.GetFullPath(targetFolder), progress, cancellationToken);
    }

    private string Extract(string archive, string targetFolder, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        const long gtzanUnpackedBytes = 1_230_000_000; // approximate, for the progress bar only
        var bytes = progress is null ? null : new SynchronousProgress<long>(b => progress.Report(new(DownloadStage.Extracting, b, Math.Max(b, gtzanUnpackedBytes))));
        SafeTarExtractor.Extract(archive, targetFolder, _options.Extraction, bytes, cancellationToken);
        if (!_options.KeepArchive) File.Delete(archive);
        progress?.Report(new(DownloadStage.Done, 0, null));
        var genres = Path.Combine(targetFolder, "genres");
        return Directory.Exists(genres) ? genres : targetFolder;
    }
}
