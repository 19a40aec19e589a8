namespace MusicGenre.Datasets;

/// <summary>
/// Downloads GTZAN's published split lists from coreyker/dnn-mgr (<c>gtzan/{train,valid,test}_{filtered,stratified}.txt</c>:
/// the fault-filtered split of Kereliuk, Sturm &amp; Larsen 2015 and a stratified one), each verified by MD5, into a
/// folder that <see cref="DatasetSplitter.FromListFolder"/> reads.
/// </summary>
public static class GtzanSplitLists
{
    /// <summary>Where the lists are published.</summary>
    public static Uri BaseUrl { get; } = new("https://raw.githubusercontent.com/coreyker/dnn-mgr/master/gtzan/");

    /// <summary>The list files and their MD5 checksums.</summary>
    public static IReadOnlyDictionary<string, string> Files { get; } = new Dictionary<string, string>
    {
        ["train_filtered.txt"] = "d55795dd4bc006e94d1c1b092bfe9da3",
        ["valid_filtered.txt"] = "bf8b8540ab13630c984d6331b3102191",
        ["test_filtered.txt"] = "6dbab6aabd0c49a20bc3b6df10986454",
        ["train_stratified.txt"] = "6044537fa269bd0477476efc5312ed92",
        ["valid_stratified.txt"] = "419f15664175169cac33306298350917",
        ["test_stratified.txt"] = "5982ca9b28d0639f944b88dd8603391c",
    };

    /// <summary>Downloads the six lists (skipping those already present and verified) and returns the folder.</summary>
    /// <param name="folder">Destination folder.</param>
    /// <param name="httpClient">The client; null for a default one.</param>
    /// <param name="baseUrl">Another location of the same files; null for <see cref="BaseUrl"/>.</param>
    /// <param name="progress">Receives progress per file.</param>
    /// <param name="cancellationToken">Stops.</param>
    /// <exception cref="DownloadException">Offline, HTTP error or checksum mismatch.</exception>
    public static async Task<string> DownloadAsync(string folder, HttpClient? httpClient = null, Uri? baseUrl = null,
        IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        folder = Path.GetFullPath(folder);
        var client = httpClient ?? new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        try
        {
            foreach (var (name, md5) in Files)
                await FileDownloader.DownloadAsync(client, new Uri(baseUrl ?? BaseUrl, name), Path.Combine(folder, name), md5, 1 << 20,
                    TimeSpan.FromSeconds(60), progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (httpClient is null) client.Dispose();
        }
        return folder;
    }
}
