using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using MusicGenre.IO;

namespace MusicGenre.Datasets;

/// <summary>
/// Downloads one file over HTTP(S) into <c>&lt;destination&gt;.partial</c>, resuming an interrupted download with an
/// HTTP <c>Range</c> request, verifies its MD5 and only then renames it to <c>destination</c>.
/// </summary>
internal static class FileDownloader
{
    /// <summary>Downloads (or resumes) a file and verifies it.</summary>
    /// <param name="httpClient">The client to use.</param>
    /// <param name="url">The address.</param>
    /// <param name="destination">The final file; a complete file with the right checksum is not downloaded again.</param>
    /// <param name="expectedMd5">Expected MD5 (hex, any case); null skips verification.</param>
    /// <param name="maxBytes">Refuse files larger than this many bytes.</param>
    /// <param name="stallTimeout">Give up when no byte arrives for this long.</param>
    /// <param name="progress">Receives progress.</param>
    /// <param name="cancellationToken">Stops the download; the <c>.partial</c> file is kept for resuming.</param>
    /// <exception cref="DownloadException">Offline, HTTP error, stalled, too large, or wrong checksum (the partial file is then deleted).</exception>
    public static async Task DownloadAsync(HttpClient httpClient, Uri url, string destination, string? expectedMd5, long maxBytes, TimeSpan stallTimeout,
        IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(url);
        ArgumentException.ThrowIfNullOrWhiteSpace(destination);
        destination = Path.GetFullPath(destination);
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);

        if (File.Exists(destination))
        {
            if (expectedMd5 is null || Matches(destination, expectedMd5, progress, cancellationToken)) { progress?.Report(new(DownloadStage.Done, new FileInfo(destination).Length, new FileInfo(destination).Length)); return; }
            File.Delete(destination);
        }

        var partial = destination + ".partial";
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var complete = await ReceiveAsync(httpClient, url, partial, maxBytes, stallTimeout, progress, cancellationToken).ConfigureAwait(false);
            if (!complete) continue; // the server refused our range: the partial file was discarded, start over once
            if (expectedMd5 is not null && !Matches(partial, expectedMd5, progress, cancellationToken, out var actual))
            {
                File.Delete(partial);
                throw new DownloadException(url, $"Checksum mismatch for {url}: expected MD5 {expectedMd5.ToLowerInvariant()}, got {actual}. The corrupt download was deleted; run the command again.");
            }
            AtomicFile.MoveIntoPlace(partial, destination); // flushed to disk, then renamed
            var length = new FileInfo(destination).Length;
            progress?.Report(new(DownloadStage.Done, length, length));
            return;
        }
        throw new DownloadException(url, $"The server at {url.Host} did not honour a resumed download twice; delete {partial} and try again.");
    }

    /// <summary>The MD5 of a file as lower-case hex.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Stops hashing.</param>
    public static string ComputeMd5(string path, CancellationToken cancellationToken = default)
    {
        using var stream = File.OpenRead(path);
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var buffer = new byte[1 << 16];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            md5.AppendData(buffer, 0, read);
        }
        return Convert.ToHexStringLower(md5.GetHashAndReset());
    }

    /// <returns>True when the file is complete; false when a stale partial file was discarded and the caller should retry.</returns>
    private static async Task<bool> ReceiveAsync(HttpClient client, Uri url, string partial, long maxBytes, TimeSpan stallTimeout,
        IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var existing = File.Exists(partial) ? new FileInfo(partial).Length : 0;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (existing > 0) request.Headers.Range = new RangeHeaderValue(existing, null);

        HttpResponseMessage response;
        try
        {
            using var headerTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            headerTimeout.CancelAfter(stallTimeout);
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, headerTimeout.Token).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new DownloadException(url, $"Could not reach {url.Host} ({ex.Message}). Are you offline? Check the connection (or proxy) and run the command again; a partial download is resumed.", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DownloadException(url, $"{url.Host} did not answer within {stallTimeout.TotalSeconds:0} s. Are you offline? Run the command again to retry.", ex);
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && existing > 0)
            {
                // Either the partial file is already complete, or it is longer than the remote file.
                var total = response.Content.Headers.ContentRange?.Length;
                if (total == existing) return true;
                File.Delete(partial);
                return false;
            }
            if (!response.IsSuccessStatusCode)
                throw new DownloadException(url, $"{url} answered {(int)response.StatusCode} {response.ReasonPhrase}.");

            var append = existing > 0 && response.StatusCode == HttpStatusCode.PartialContent;
            if (append && response.Content.Headers.ContentRange?.From is { } from && from != existing)
                throw new DownloadException(url, $"{url} resumed at byte {from} instead of {existing}.");
            if (!append) existing = 0;
            var totalBytes = response.Content.Headers.ContentLength is { } len ? existing + len : (long?)null;
            if (totalBytes > maxBytes)
                throw new DownloadException(url, $"{url} is {totalBytes} bytes, over the {maxBytes}-byte limit.");

            await using var output = new FileStream(partial, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            await using var input = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var buffer = new byte[1 << 16];
            var received = existing;
            progress?.Report(new(DownloadStage.Downloading, received, totalBytes));
            using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            while (true)
            {
                stall.CancelAfter(stallTimeout);
                int read;
                try
                {
                    read = await input.ReadAsync(buffer, stall.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new DownloadException(url, $"The download stalled (no data for {stallTimeout.TotalSeconds:0} s); run the command again to resume from byte {received}.", ex);
                }
                catch (Exception ex) when (ex is IOException or HttpRequestException)
                {
                    throw new DownloadException(url, $"The connection broke after {received} bytes ({ex.Message}); run the command again to resume.", ex);
                }
                if (read == 0) break;
                received += read;
                if (received > maxBytes) throw new DownloadException(url, $"{url} sent more than the {maxBytes}-byte limit.");
                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                progress?.Report(new(DownloadStage.Downloading, received, totalBytes));
            }
            if (totalBytes is { } expected && received != expected)
                throw new DownloadException(url, $"The connection closed after {received} of {expected} bytes; run the command again to resume.");
            return true;
        }
    }

    private static bool Matches(string path, string expectedMd5, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
        => Matches(path, expectedMd5, progress, cancellationToken, out _);

    private static bool Matches(string path, string expectedMd5, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken, out string actual)
    {
        var length = new FileInfo(path).Length;
        progress?.Report(new(DownloadStage.Verifying, 0, length));
        actual = ComputeMd5(path, cancellationToken);
        progress?.Report(new(DownloadStage.Verifying, length, length));
        return string.Equals(actual, expectedMd5.Trim(), StringComparison.OrdinalIgnoreCase);
    }
}
