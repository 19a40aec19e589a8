using System.Security.Cryptography;
using MusicGenre.IO;

namespace MusicGenre.Models.Musicnn;

/// <summary>
/// The pretrained MSD musicnn weights: fetched on first use into a user cache folder and SHA-256 verified, or read
/// from a path you give; and loaded into a <see cref="MusicnnNetwork"/>. The weights are never bundled with
/// MusicGenre: their licence is <see cref="License"/>.
/// </summary>
public static class MusicnnWeights
{
    /// <summary>
    /// Licence and attribution of the weights. Show it wherever the weights are used or redistributed.
    /// </summary>
    public const string License =
        "musicnn MSD weights (MSD_musicnn.h5): ISC licence, Copyright (c) 2019 Music Technology Group, Universitat " +
        "Pompeu Fabra (Jordi Pons, Xavier Serra; https://github.com/jordipons/musicnn); Keras conversion Copyright " +
        "(c) 2020 Elio Quinton, ISC licence (https://github.com/Quint-e/musicnn_keras).";

    /// <summary>The environment variable that overrides the cache root folder.</summary>
    public const string CacheEnvironmentVariable = "MUSICGENRE_CACHE";

    /// <summary>
    /// The default folder for downloaded weights: <c>$MUSICGENRE_CACHE/musicnn</c> when the variable is set, else
    /// <c>%LOCALAPPDATA%\MusicGenre\cache\musicnn</c> on Windows and <c>$XDG_CACHE_HOME/musicgenre/musicnn</c>
    /// (default <c>~/.cache/musicgenre/musicnn</c>) elsewhere.
    /// </summary>
    public static string DefaultCacheDirectory
    {
        get
        {
            var root = Environment.GetEnvironmentVariable(CacheEnvironmentVariable);
            if (string.IsNullOrWhiteSpace(root))
            {
                if (OperatingSystem.IsWindows())
                    root = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "MusicGenre", "cache");
                else
                {
                    var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
                    root = System.IO.Path.Combine(string.IsNullOrWhiteSpace(xdg)
                        ? System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache")
                        : xdg, "musicgenre");
                }
            }
            return System.IO.Path.Combine(root, "musicnn");
        }
    }

    /// <summary>
    /// Returns the path of a verified weights file: <see cref="MusicnnWeightsOptions.Path"/> when given, else the
    /// cached copy, downloading it first when it is missing or fails verification.
    /// </summary>
    /// <param name="options">Where the weights come from; null for the defaults (download to the user cache).</param>
    /// <param name="progress">Receives download progress (only when a download happens).</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>The full path of the <c>.h5</c> file.</returns>
    /// <exception cref="MusicnnWeightsException">The download failed (for example offline) or the checksum does not
    /// match; the message says what to do instead.</exception>
    /// <exception cref="ArgumentException">Invalid options.</exception>
    public static async Task<string> EnsureAsync(MusicnnWeightsOptions? options = null, IProgress<MusicnnDownloadProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new MusicnnWeightsOptions();
        options.Validate();
        if (options.Path is not null)
        {
            var given = System.IO.Path.GetFullPath(options.Path);
            if (!File.Exists(given))
                throw new MusicnnWeightsException(given, $"musicnn weights file not found: {given}.");
            if (options.VerifyChecksum)
            {
                var actual = await ComputeSha256Async(given, cancellationToken).ConfigureAwait(false);
                if (!string.Equals(actual, options.Sha256, StringComparison.OrdinalIgnoreCase))
                    throw new MusicnnWeightsException(given, $"{given}: SHA-256 {actual} does not match the expected {options.Sha256.ToLowerInvariant()} (not MSD_musicnn.h5, or corrupted).");
            }
            return given;
        }

        var folder = System.IO.Path.GetFullPath(options.CacheDirectory ?? DefaultCacheDirectory);
        var target = System.IO.Path.Combine(folder, MusicnnWeightsOptions.Defaults.FileName);
        if (File.Exists(target))
        {
            if (!options.VerifyChecksum) return target;
            var cached = await ComputeSha256Async(target, cancellationToken).ConfigureAwait(false);
            if (string.Equals(cached, options.Sha256, StringComparison.OrdinalIgnoreCase)) return target;
            // A corrupted or foreign cached file: replace it.
        }
        await DownloadAsync(options, folder, target, progress, cancellationToken).ConfigureAwait(false);
        return target;
    }

    /// <summary>Synchronous <see cref="EnsureAsync"/>.</summary>
    /// <param name="options">Where the weights come from; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>The full path of the <c>.h5</c> file.</returns>
    public static string Ensure(MusicnnWeightsOptions? options = null, CancellationToken cancellationToken = default)
        => EnsureAsync(options, null, cancellationToken).GetAwaiter().GetResult();

    /// <summary>Creates a network holding the weights of a Keras checkpoint, in evaluation mode.</summary>
    /// <param name="path">The <c>MSD_musicnn.h5</c> file (see <see cref="EnsureAsync"/>).</param>
    /// <returns>A network ready to extract embeddings; dispose it when done.</returns>
    /// <exception cref="MusicnnWeightsException">The file is not a readable musicnn checkpoint.</exception>
    public static MusicnnNetwork LoadNetwork(string path)
    {
        var network = new MusicnnNetwork();
        try
        {
            LoadInto(network, path);
        }
        catch
        {
            network.Dispose();
            throw;
        }
        network.eval();
        return network;
    }

    /// <summary>Copies the weights of a Keras checkpoint into an existing network.</summary>
    /// <param name="network">The network to overwrite.</param>
    /// <param name="path">The <c>MSD_musicnn.h5</c> file.</param>
    /// <exception cref="MusicnnWeightsException">The file is not a readable musicnn checkpoint.</exception>
    public static void LoadInto(MusicnnNetwork network, string path) => MusicnnKerasCheckpoint.LoadInto(network, path);

    /// <summary>SHA-256 of a file, lower-case hex.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels hashing.</param>
    public static async Task<string> ComputeSha256Async(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return Convert.ToHexStringLower(hash);
    }

    private static async Task DownloadAsync(MusicnnWeightsOptions options, string folder, string target,
        IProgress<MusicnnDownloadProgress>? progress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var partial = target + "." + Guid.NewGuid().ToString("N") + ".partial";
        try
        {
            string actual;
            try
            {
                using var http = new HttpClient { Timeout = options.Timeout };
                using var response = await http.GetAsync(options.Url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                    throw new HttpRequestException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
                var total = response.Content.Headers.ContentLength;
                await using var source = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                await using var sink = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
                using var hasher = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[1 << 16];
                long received = 0;
                int read;
                while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    hasher.AppendData(buffer, 0, read);
                    await sink.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    received += read;
                    progress?.Report(new MusicnnDownloadProgress(received, total));
                }
                actual = Convert.ToHexStringLower(hasher.GetHashAndReset());
            }
            catch (Exception e) when (e is HttpRequestException or IOException
                                      || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                throw new MusicnnWeightsException(options.Url,
                    $"Could not download the musicnn weights from {options.Url}: {e.Message}. If this machine is offline, " +
                    $"download {MusicnnWeightsOptions.Defaults.FileName} elsewhere and either copy it to {target} or pass its " +
                    "path with MusicnnWeightsOptions.Path.", e);
            }
            if (options.VerifyChecksum && !string.Equals(actual, options.Sha256, StringComparison.OrdinalIgnoreCase))
                throw new MusicnnWeightsException(options.Url,
                    $"The file downloaded from {options.Url} has SHA-256 {actual}, expected {options.Sha256.ToLowerInvariant()}; it was discarded.");
            AtomicFile.MoveIntoPlace(partial, target); // flushed to disk, then renamed
        }
        finally
        {
            if (File.Exists(partial)) File.Delete(partial);
        }
    }
}
