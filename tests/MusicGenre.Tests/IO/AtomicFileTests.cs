using MusicGenre.IO;
using MusicGenre.Tests.TestInfrastructure;

namespace MusicGenre.Tests.IO;

public class AtomicFileTests
{
    [Fact]
    public void Write_CreatesTheFolder_ReplacesTheFile_AndLeavesNoTemporaryFile()
    {
        using var dir = new TempFolder();
        var path = dir.Combine("a", "b", "out.bin");
        AtomicFile.WriteAllBytes(path, [1, 2, 3]);
        AtomicFile.Write(path, s => s.Write([4, 5]));
        Assert.Equal([4, 5], File.ReadAllBytes(path));
        AtomicFile.WriteAllText(path, "héllo");
        Assert.Equal("héllo"u8.ToArray(), File.ReadAllBytes(path)); // UTF-8 without a byte-order mark
        Assert.Equal(["out.bin"], Directory.GetFiles(dir.Combine("a", "b")).Select(Path.GetFileName));
    }

    [Fact]
    public void AWriterThatFails_LeavesTheOldFileAndNoTemporaryFile_AndItsExceptionPassesThrough()
    {
        using var dir = new TempFolder();
        var path = dir.Combine("model.bin");
        File.WriteAllBytes(path, [9, 9, 9]);
        var error = Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.Write(new byte[100_000]);
            throw new InvalidOperationException("serialiser failed");
        }));
        Assert.Equal("serialiser failed", error.Message);
        Assert.Throws<OperationCanceledException>(() => AtomicFile.Write(path, _ => throw new OperationCanceledException()));
        Assert.Equal([9, 9, 9], File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void ALongNameIsWritten_ItsTemporaryNameStaysShort()
    {
        using var dir = new TempFolder();
        var path = dir.Combine(new string('x', 250) + ".bin"); // 254 bytes: allowed; name + suffix would not be
        string? temporary = null;
        AtomicFile.Write(path, s =>
        {
            temporary = Directory.GetFiles(dir.Path).Single();
            s.WriteByte(1);
        });
        Assert.True(AtomicFile.IsTemporaryFile(temporary!), temporary);
        Assert.True(Path.GetFileName(temporary!).Length < 70, temporary);
        Assert.Equal([1], File.ReadAllBytes(path));
    }

    [Fact]
    public void APathTooLong_IsAFileWriteExceptionNamingItAndSayingSo()
    {
        using var dir = new TempFolder();
        var path = dir.Combine(new string('y', 300) + ".bin");
        var error = Assert.Throws<FileWriteException>(() => AtomicFile.WriteAllBytes(path, [1]));
        Assert.Equal(path, error.FilePath);
        Assert.Contains("too long", error.Reason);
        Assert.StartsWith(path + ": could not be written: ", error.Message);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void AFolderThatIsAFile_IsAFileWriteException()
    {
        using var dir = new TempFolder();
        var blocker = dir.Text("blocker", "x");
        var error = Assert.Throws<FileWriteException>(() => AtomicFile.WriteAllBytes(Path.Combine(blocker, "out.bin"), [1]));
        Assert.Contains("cannot be created", error.Reason);
        Assert.Equal("x", File.ReadAllText(blocker));
    }

    [SkippableFact]
    public void OnAFullDisk_TheOldFileSurvives_NoTemporaryFileIsLeft_AndTheReasonSaysTheDiskIsFull()
    {
        using var dir = new TempFolder();
        using var mount = TmpfsMount.TryMount(dir.Combine("full"), "64k", out var reason);
        Skip.If(mount is null, reason);
        var path = Path.Combine(mount!.Path, "model.bin");
        File.WriteAllBytes(path, [7, 7, 7]);
        mount.Fill();
        var error = Assert.Throws<FileWriteException>(() => AtomicFile.WriteAllBytes(path, new byte[200_000]));
        Assert.Equal("the disk is full (no space left on device)", error.Reason);
        Assert.EndsWith("; the file that was there is unchanged.", error.Message);
        Assert.Equal([7, 7, 7], File.ReadAllBytes(path));
        Assert.DoesNotContain(Directory.GetFiles(mount.Path), AtomicFile.IsTemporaryFile);
        // A whole file that would fit in the blocks a small buffer uses fails at the flush instead; the same holds.
        Assert.Throws<FileWriteException>(() => AtomicFile.WriteAllBytes(Path.Combine(mount.Path, "small.bin"), [1, 2]));
        Assert.False(File.Exists(Path.Combine(mount.Path, "small.bin")));
        Assert.DoesNotContain(Directory.GetFiles(mount.Path), AtomicFile.IsTemporaryFile);
    }

    [Fact]
    public void MoveIntoPlace_ReplacesTheDestination_AndRefusesAnotherFolder()
    {
        using var dir = new TempFolder();
        var partial = dir.Text("archive.tar.gz.partial", "new");
        var destination = dir.Text("archive.tar.gz", "old");
        AtomicFile.MoveIntoPlace(partial, destination);
        Assert.Equal("new", File.ReadAllText(destination));
        Assert.False(File.Exists(partial));
        var elsewhere = dir.Text("sub/x.partial", "x");
        Assert.Throws<ArgumentException>(() => AtomicFile.MoveIntoPlace(elsewhere, destination));
    }

    [Fact]
    public async Task WaitForPendingWrites_WaitsForAWriteInProgress()
    {
        using var dir = new TempFolder();
        using var inside = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var writer = Task.Run(() => AtomicFile.Write(dir.Combine("slow.bin"), s =>
        {
            inside.Set();
            release.Wait();
            s.WriteByte(1);
        }));
        Assert.True(inside.Wait(TimeSpan.FromSeconds(30)));
        Assert.False(AtomicFile.WaitForPendingWrites(TimeSpan.FromMilliseconds(50)));
        release.Set();
        Assert.True(AtomicFile.WaitForPendingWrites(TimeSpan.FromSeconds(30)));
        await writer;
        Assert.True(File.Exists(dir.Combine("slow.bin")));
    }

    [Theory]
    [InlineData(".model.mgmodel.0a1b2c3d.tmp", true)]
    [InlineData("model.mgmodel", false)]
    [InlineData(".model.mgmodel.tmp", false)]
    [InlineData(".model.0A1B2C3D.tmp", false)]
    public void TemporaryFilesAreRecognised(string name, bool temporary) => Assert.Equal(temporary, AtomicFile.IsTemporaryFile(name));
}
