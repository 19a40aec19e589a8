using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using MusicGenre.Datasets;
using MusicGenre.Tests.TestInfrastructure;

namespace MusicGenre.Tests.Datasets;

public class FileDownloaderTests
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(30) };
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(10);

    private static byte[] RandomBytes(int n, int seed)
    {
        var b = new byte[n];
        new Random(seed).NextBytes(b);
        return b;
    }

    private static string Md5(byte[] b) => Convert.ToHexStringLower(MD5.HashData(b));

    [Fact]
    public async Task Downloads_VerifiesTheMd5_AndReportsProgress()
    {
        var content = RandomBytes(300_000, 1);
        using var server = new LocalHttpServer(content);
        using var dir = new TempFolder();
        var dest = dir.Combine("f.bin");
        var reports = new List<DownloadProgress>();

        await FileDownloader.DownloadAsync(Client, server.Url, dest, Md5(content).ToUpperInvariant(), 1 << 30, Stall, new SyncProgress(reports.Add));

        Assert.Equal(content, File.ReadAllBytes(dest));
        Assert.False(File.Exists(dest + ".partial"));
        Assert.Contains(reports, r => r.Stage == DownloadStage.Downloading && r.TotalBytes == content.Length);
        Assert.Contains(reports, r => r.Stage == DownloadStage.Verifying);
        Assert.Equal(DownloadStage.Done, reports[^1].Stage);
    }

    [Fact]
    public async Task ABrokenDownload_IsResumedWithARangeRequest()
    {
        var content = RandomBytes(500_000, 2);
        using var server = new LocalHttpServer(content) { DropAfterBytes = 200_000 };
        using var dir = new TempFolder();
        var dest = dir.Combine("f.bin");

        var ex = await Assert.ThrowsAsync<DownloadException>(() => FileDownloader.DownloadAsync(Client, server.Url, dest, Md5(content), 1 << 30, Stall));
        Assert.Contains("resume", ex.Message);
        var partial = new FileInfo(dest + ".partial").Length;
        Assert.InRange(partial, 1, content.Length - 1);

        await FileDownloader.DownloadAsync(Client, server.Url, dest, Md5(content), 1 << 30, Stall);

        Assert.Equal(content, File.ReadAllBytes(dest));
        Assert.Equal($"bytes={partial}-", server.RangeHeaders[^1]);
    }

    [Fact]
    public async Task AServerIgnoringRanges_RestartsFromScratch()
    {
        var content = RandomBytes(100_000, 3);
        using var server = new LocalHttpServer(content) { IgnoreRange = true };
        using var dir = new TempFolder();
        var dest = dir.Combine("f.bin");
        File.WriteAllBytes(dest + ".partial", content[..1000]);

        await FileDownloader.DownloadAsync(Client, server.Url, dest, Md5(content), 1 << 30, Stall);

        Assert.Equal(content, File.ReadAllBytes(dest));
    }

    [Fact]
    public async Task ACompletePartialFile_IsVerifiedWithoutDownloadingAgain()
    {
        var content = RandomBytes(50_000, 4);
        using var server = new LocalHttpServer(content);
        using var dir = new TempFolder();
        var dest = dir.Combine("f.bin");
        File.WriteAllBytes(dest + ".partial", content);

        await FileDownloader.DownloadAsync(Client, server.Url, dest, Md5(content), 1 << 30, Stall);
        Assert.Equal(content, File.ReadAllBytes(dest));
        Assert.Equal("bytes=50000-", Assert.Single(server.RangeHeaders));

        await FileDownloader.DownloadAsync(Client, server.Url, dest, Md5(content), 1 << 30, Stall);
        Assert.Equal(1, server.Requests); // the verified file was not downloaded again
    }

    [Fact]
    public async Task AWrongChecksum_FailsClearly_AndDeletesTheCorruptFile()
    {
        var content = RandomBytes(10_000, 5);
        using var server = new LocalHttpServer(content);
        using var dir = new TempFolder();
        var dest = dir.Combine("f.bin");
        var wrong = new string('0', 32);

        var ex = await Assert.ThrowsAsync<DownloadException>(() => FileDownloader.DownloadAsync(Client, server.Url, dest, wrong, 1 << 30, Stall));

        Assert.Contains("Checksum mismatch", ex.Message);
        Assert.Contains(Md5(content), ex.Message);
        Assert.False(File.Exists(dest));
        Assert.False(File.Exists(dest + ".partial"));
    }

    [Fact]
    public async Task Offline_GivesAClearMessage()
    {
        using var dir = new TempFolder();
        var url = new Uri($"http://127.0.0.1:{LocalHttpServer.FreePort()}/genres.tar.gz"); // nothing listens there
        var ex = await Assert.ThrowsAsync<DownloadException>(() => FileDownloader.DownloadAsync(Client, url, dir.Combine("f.bin"), null, 1 << 30, Stall));
        Assert.Contains("offline", ex.Message);
        Assert.Contains("127.0.0.1", ex.Message);
    }

    [Fact]
    public async Task TooLargeFiles_AreRefused()
    {
        using var server = new LocalHttpServer(RandomBytes(5000, 6));
        using var dir = new TempFolder();
        var ex = await Assert.ThrowsAsync<DownloadException>(() => FileDownloader.DownloadAsync(Client, server.Url, dir.Combine("f.bin"), null, 4000, Stall));
        Assert.Contains("limit", ex.Message);
    }

    [Fact]
    public async Task GtzanDownloader_DownloadsVerifiesAndExtractsALocalArchive()
    {
        using var dir = new TempFolder();
        using (var ms = new MemoryStream())
        {
            using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
            using (var tar = new TarWriter(gz, TarEntryFormat.Pax))
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "genres/blues/blues.00000.au") { DataStream = new MemoryStream(RandomBytes(1000, 7)) });
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "genres/jazz/jazz.00054.au") { DataStream = new MemoryStream(RandomBytes(1000, 8)) });
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "genres/rock/rock.00000.au") { DataStream = new MemoryStream(RandomBytes(1000, 9)) });
            }
            var archive = ms.ToArray();
            using var server = new LocalHttpServer(archive);
            var downloader = new GtzanDownloader(new GtzanDownloadOptions { Url = server.Url, Md5 = Md5(archive) }, Client);

            var genres = await downloader.DownloadAsync(dir.Combine("gtzan"));

            Assert.Equal(dir.Combine("gtzan", "genres"), genres);
            var ds = GenreDataset.Load(dir.Combine("gtzan"));
            Assert.Equal(DatasetLayout.GtzanOriginal, ds.Layout);
            Assert.Equal(2, ds.Tracks.Count);
            Assert.Contains(ds.Issues, i => i.Kind == DatasetIssueKind.KnownBroken);
        }
    }

    private sealed class SyncProgress(Action<DownloadProgress> report) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => report(value);
    }
}

public class GtzanSplitListsTests
{
    [SkippableFact]
    public async Task DownloadsAndVerifiesTheSixLists_ThenTheyGiveTheFaultFilteredSplit()
    {
        var files = GtzanSplitLists.Files.Keys.ToDictionary(n => n, n => File.ReadAllBytes(Path.Combine(SharedData.Splits, n)));
        using var server = new LocalHttpServer(files);
        using var dir = new TempFolder();
        using var client = new HttpClient();

        var folder = await GtzanSplitLists.DownloadAsync(dir.Combine("lists"), client, new Uri($"http://127.0.0.1:{server.Port}/gtzan/"));

        Assert.All(GtzanSplitLists.Files.Keys, n => Assert.Equal(files[n], File.ReadAllBytes(Path.Combine(folder, n))));
        var tracks = new[] { "blues", "classical", "country", "disco", "hiphop", "jazz", "metal", "pop", "reggae", "rock" }
            .SelectMany(g => Enumerable.Range(0, 100).Select(i => new GenreTrack($"/g/{g}/{g}.{i:D5}.au", g)));
        var split = DatasetSplitter.FromListFolder(GenreDataset.FromTracks("gtzan", tracks), folder);
        Assert.Equal((443, 197, 290), (split.Train.Count, split.Valid.Count, split.Test.Count));
    }

    [Fact]
    public async Task AListWithTheWrongContent_FailsItsChecksum()
    {
        var files = GtzanSplitLists.Files.Keys.ToDictionary(n => n, n => System.Text.Encoding.ASCII.GetBytes("blues/blues.00000.wav\n"));
        using var server = new LocalHttpServer(files);
        using var dir = new TempFolder();
        using var client = new HttpClient();
        var ex = await Assert.ThrowsAsync<DownloadException>(() => GtzanSplitLists.DownloadAsync(dir.Combine("lists"), client, new Uri($"http://127.0.0.1:{server.Port}/gtzan/")));
        Assert.Contains("Checksum mismatch", ex.Message);
    }
}
