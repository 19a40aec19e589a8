using System.Formats.Tar;
using System.IO.Compression;
using MusicGenre.Datasets;
using MusicGenre.Tests.TestInfrastructure;

namespace MusicGenre.Tests.Datasets;

public class SafeTarExtractorTests
{
    /// <summary>Builds a .tar.gz with the given entries (built in the test: no archive is checked in).</summary>
    private static string TarGz(TempFolder dir, string name, params TarEntry[] entries)
    {
        var path = dir.Combine(name);
        using var file = File.Create(path);
        using var gz = new GZipStream(file, CompressionLevel.Fastest);
        using var writer = new TarWriter(gz, TarEntryFormat.Pax);
        foreach (var e in entries) writer.WriteEntry(e);
        return path;
    }

    private static PaxTarEntry FileEntry(string name, string content)
        => new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)) };

    [Fact]
    public void ExtractsFilesAndFolders()
    {
        using var dir = new TempFolder();
        var archive = TarGz(dir, "ok.tar.gz",
            new PaxTarEntry(TarEntryType.Directory, "genres/"),
            FileEntry("genres/blues/blues.00000.au", "abc"),
            FileEntry("./genres/rock/rock.00000.au", "defg"));
        var target = dir.Combine("out");

        var files = SafeTarExtractor.Extract(archive, target);

        Assert.Equal(2, files);
        Assert.Equal("abc", File.ReadAllText(Path.Combine(target, "genres", "blues", "blues.00000.au")));
        Assert.Equal("defg", File.ReadAllText(Path.Combine(target, "genres", "rock", "rock.00000.au")));
    }

    [Theory]
    [InlineData("../evil.txt")]
    [InlineData("genres/../../evil.txt")]
    [InlineData("/tmp/evil-absolute.txt")]
    public void PathTraversal_IsRejected_AndNothingIsWrittenOutside(string name)
    {
        using var dir = new TempFolder();
        var archive = TarGz(dir, "evil.tar.gz", FileEntry(name, "pwned"));
        var target = dir.Combine("deep", "out");

        var ex = Assert.Throws<ArchiveException>(() => SafeTarExtractor.Extract(archive, target));

        Assert.Equal(name, ex.EntryName);
        Assert.False(File.Exists(dir.Combine("deep", "evil.txt")));
        Assert.False(File.Exists(dir.Combine("evil.txt")));
        Assert.False(File.Exists("/tmp/evil-absolute.txt"));
    }

    [Theory]
    [InlineData(TarEntryType.SymbolicLink)]
    [InlineData(TarEntryType.HardLink)]
    public void Links_AreRejected(TarEntryType type)
    {
        using var dir = new TempFolder();
        var archive = TarGz(dir, "link.tar.gz", new PaxTarEntry(type, "genres/link") { LinkName = "/etc/passwd" });
        var ex = Assert.Throws<ArchiveException>(() => SafeTarExtractor.Extract(archive, dir.Combine("out")));
        Assert.Contains("link", ex.Message);
        Assert.False(File.Exists(dir.Combine("out", "genres", "link")));
    }

    [Fact]
    public void EntriesOverTheSizeLimits_AreRejected()
    {
        using var dir = new TempFolder();
        var archive = TarGz(dir, "big.tar.gz", FileEntry("a.bin", new string('x', 1000)), FileEntry("b.bin", new string('y', 1000)));
        var perEntry = Assert.Throws<ArchiveException>(() => SafeTarExtractor.Extract(archive, dir.Combine("o1"), new TarExtractionOptions { MaxEntryBytes = 999 }));
        Assert.Contains("1000 bytes", perEntry.Message);
        var total = Assert.Throws<ArchiveException>(() => SafeTarExtractor.Extract(archive, dir.Combine("o2"), new TarExtractionOptions { MaxTotalBytes = 1500 }));
        Assert.Equal("b.bin", total.EntryName);
        var count = Assert.Throws<ArchiveException>(() => SafeTarExtractor.Extract(archive, dir.Combine("o3"), new TarExtractionOptions { MaxEntries = 1 }));
        Assert.Contains("more than 1 entries", count.Message);
    }

    [Fact]
    public void TruncatedArchive_GivesArchiveException()
    {
        using var dir = new TempFolder();
        var archive = TarGz(dir, "t.tar.gz", FileEntry("a.bin", new string('x', 100_000)));
        var bytes = File.ReadAllBytes(archive);
        File.WriteAllBytes(archive, bytes[..(bytes.Length / 2)]);
        Assert.ThrowsAny<IOException>(() => SafeTarExtractor.Extract(archive, dir.Combine("o")));
    }

    [Fact]
    public void PlainTar_IsExtractedToo()
    {
        using var dir = new TempFolder();
        var path = dir.Combine("plain.tar");
        using (var file = File.Create(path))
        using (var writer = new TarWriter(file, TarEntryFormat.Ustar))
            writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, "x/y.txt") { DataStream = new MemoryStream([1, 2, 3]) });
        Assert.Equal(1, SafeTarExtractor.Extract(path, dir.Combine("o")));
        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(dir.Combine("o", "x", "y.txt")));
    }
}
