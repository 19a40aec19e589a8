using System.Net;
using System.Security.Cryptography;
using MusicGenre.Models.Musicnn;
using MusicGenre.Tests.TestInfrastructure;

namespace MusicGenre.Tests.Musicnn;

/// <summary>Download, cache and verification of the musicnn weights, against a loopback server (no real network).</summary>
[Collection(ProcessSettingsCollection.Name)]
public sealed class MusicnnWeightsTests : IDisposable
{
    private readonly string cache = Path.Combine(Path.GetTempPath(), "musicgenre-musicnn-tests-" + Guid.NewGuid().ToString("N"));
    private readonly byte[] payload = RandomNumberGenerator.GetBytes(200_000);

    private string PayloadSha256 => Convert.ToHexStringLower(SHA256.HashData(payload));

    public void Dispose()
    {
        if (Directory.Exists(cache)) Directory.Delete(cache, recursive: true);
    }

    [Fact]
    public async Task DownloadsOnceIntoTheCacheAndVerifies()
    {
        using var server = new LocalHttpServer(payload);
        var options = new MusicnnWeightsOptions { CacheDirectory = cache, Url = server.Url, Sha256 = PayloadSha256.ToUpperInvariant() };
        var reports = new List<MusicnnDownloadProgress>();
        var progress = new SynchronousProgress<MusicnnDownloadProgress>(reports.Add);

        var path = await MusicnnWeights.EnsureAsync(options, progress);

        Assert.Equal(Path.Combine(cache, MusicnnWeightsOptions.Defaults.FileName), path);
        Assert.Equal(payload, await File.ReadAllBytesAsync(path));
        Assert.Equal(1, server.Requests);
        Assert.NotEmpty(reports);
        Assert.Equal(payload.Length, reports[^1].BytesReceived);
        Assert.Equal(payload.Length, reports[^1].TotalBytes);

        // Second call: served from the cache.
        Assert.Equal(path, await MusicnnWeights.EnsureAsync(options));
        Assert.Equal(1, server.Requests);
        Assert.Single(Directory.GetFiles(cache));
    }

    [Fact]
    public async Task ReplacesACorruptedCachedFile()
    {
        Directory.CreateDirectory(cache);
        var target = Path.Combine(cache, MusicnnWeightsOptions.Defaults.FileName);
        await File.WriteAllBytesAsync(target, payload.AsSpan(0, 1000).ToArray());
        using var server = new LocalHttpServer(payload);

        var path = await MusicnnWeights.EnsureAsync(new MusicnnWeightsOptions { CacheDirectory = cache, Url = server.Url, Sha256 = PayloadSha256 });

        Assert.Equal(1, server.Requests);
        Assert.Equal(payload, await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task ChecksumMismatchDiscardsTheDownload()
    {
        using var server = new LocalHttpServer(payload);
        var options = new MusicnnWeightsOptions { CacheDirectory = cache, Url = server.Url }; // default sha256: the real file's

        var e = await Assert.ThrowsAsync<MusicnnWeightsException>(() => MusicnnWeights.EnsureAsync(options));

        Assert.Contains(PayloadSha256, e.Message);
        Assert.Contains(MusicnnWeightsOptions.Defaults.Sha256, e.Message);
        Assert.Empty(Directory.GetFiles(cache));
    }

    [Fact]
    public async Task HttpErrorNamesTheUrlAndStatus()
    {
        using var server = new LocalHttpServer([], HttpStatusCode.NotFound);

        var e = await Assert.ThrowsAsync<MusicnnWeightsException>(() =>
            MusicnnWeights.EnsureAsync(new MusicnnWeightsOptions { CacheDirectory = cache, Url = server.Url }));

        Assert.Equal(server.Url, e.Location);
        Assert.Contains("404", e.Message);
        Assert.Empty(Directory.GetFiles(cache));
    }

    [Fact]
    public async Task OfflineGivesAClearErrorThatSaysWhatToDo()
    {
        var url = LocalHttpServer.UnreachableUrl;

        var e = await Assert.ThrowsAsync<MusicnnWeightsException>(() =>
            MusicnnWeights.EnsureAsync(new MusicnnWeightsOptions { CacheDirectory = cache, Url = url }));

        Assert.Contains(url, e.Message);
        Assert.Contains("offline", e.Message);
        Assert.Contains(nameof(MusicnnWeightsOptions.Path), e.Message);
        Assert.Contains(Path.Combine(cache, MusicnnWeightsOptions.Defaults.FileName), e.Message);
    }

    [Fact]
    public async Task CancellationStopsTheDownload()
    {
        using var server = new LocalHttpServer(payload);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            MusicnnWeights.EnsureAsync(new MusicnnWeightsOptions { CacheDirectory = cache, Url = server.Url, Sha256 = PayloadSha256 }, null, cts.Token));
        Assert.False(File.Exists(Path.Combine(cache, MusicnnWeightsOptions.Defaults.FileName)));
    }

    [Fact]
    public async Task AGivenPathIsVerified()
    {
        Directory.CreateDirectory(cache);
        var file = Path.Combine(cache, "mine.h5");
        await File.WriteAllBytesAsync(file, payload);

        Assert.Equal(file, await MusicnnWeights.EnsureAsync(new MusicnnWeightsOptions { Path = file, Sha256 = PayloadSha256 }));
        var e = await Assert.ThrowsAsync<MusicnnWeightsException>(() => MusicnnWeights.EnsureAsync(new MusicnnWeightsOptions { Path = file }));
        Assert.Contains(file, e.Message);
        Assert.Equal(file, await MusicnnWeights.EnsureAsync(new MusicnnWeightsOptions { Path = file, VerifyChecksum = false }));
        var missing = Path.Combine(cache, "absent.h5");
        Assert.Contains(missing, (await Assert.ThrowsAsync<MusicnnWeightsException>(() =>
            MusicnnWeights.EnsureAsync(new MusicnnWeightsOptions { Path = missing }))).Message);
    }

    [SkippableFact]
    public async Task TheSharedCheckpointPassesVerification()
    {
        var path = MusicnnReference.WeightsPath;
        Assert.Equal(Path.GetFullPath(path), await MusicnnWeights.EnsureAsync(new MusicnnWeightsOptions { Path = path }));
    }

    [Fact]
    public void InvalidOptionsAreAllReportedAtOnce()
    {
        var options = new MusicnnWeightsOptions { Url = "ftp://example/x.h5", Sha256 = "abc", Timeout = TimeSpan.Zero, CacheDirectory = " " };

        var e = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("Url", e.Message);
        Assert.Contains("Sha256", e.Message);
        Assert.Contains("Timeout", e.Message);
        Assert.Contains("CacheDirectory", e.Message);
    }

    [Fact]
    public async Task AFileThatIsNotACheckpointGivesATypedErrorNamingIt()
    {
        Directory.CreateDirectory(cache);
        var file = Path.Combine(cache, "not-hdf5.h5");
        await File.WriteAllBytesAsync(file, payload);

        var e = Assert.Throws<MusicnnWeightsException>(() => MusicnnWeights.LoadNetwork(file));

        Assert.Contains(file, e.Message);
    }

    [Fact]
    public void TheLicenceIsStated()
    {
        Assert.Contains("ISC", MusicnnWeights.License);
        Assert.Contains("Music Technology Group", MusicnnWeights.License);
        Assert.Contains("Elio Quinton", MusicnnWeights.License);
    }

    [Fact]
    public void DefaultCacheHonoursTheEnvironmentVariable()
    {
        var before = Environment.GetEnvironmentVariable(MusicnnWeights.CacheEnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(MusicnnWeights.CacheEnvironmentVariable, cache);
            Assert.Equal(Path.Combine(cache, "musicnn"), MusicnnWeights.DefaultCacheDirectory);
        }
        finally
        {
            Environment.SetEnvironmentVariable(MusicnnWeights.CacheEnvironmentVariable, before);
        }
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
