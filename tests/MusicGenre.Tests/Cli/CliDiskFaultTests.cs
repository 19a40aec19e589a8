using MusicGenre.Cli;
using MusicGenre.IO;
using MusicGenre.Tests.TestInfrastructure;

namespace MusicGenre.Tests.Cli;

/// <summary>
/// Issue 9 §5 through a real <c>musicgenre</c> process: a full or read-only file system (a small tmpfs, mounted when
/// the tests run as root), a path too long, permission denied. Each ends with exit code 1 and one line naming the file
/// and the reason, never a stack trace or an abort (134); a model that was there survives byte for byte; no empty or
/// temporary file is left.
/// </summary>
public class CliDiskFaultTests(ClassicalModelFixture model) : IClassFixture<ClassicalModelFixture>
{
    private static readonly TimeSpan Watchdog = TimeSpan.FromSeconds(120);

    [SkippableFact]
    public async Task Train_WithItsReportFolderOnAFullDisk_Exits1WithOneLineNamingTheModelFile_AndLeavesNoEmptyFile()
    {
        using var dir = new TempFolder();
        using var disk = Mount(dir, "full");
        disk.Fill();
        var report = Path.Combine(disk.Path, "report");

        var (code, output, error) = await CliProcess.Run(dir.Path, Watchdog, [.. model.TrainArguments, "--report", report]);

        var line = AssertOneErrorLine(code, output, error);
        Assert.Contains(Path.Combine(report, "classical.mgmodel") + ": could not be written: the disk is full", line); // --out defaults into the report folder
        AssertNoEmptyOrTemporaryFile(disk.Path);
    }

    [SkippableFact]
    public async Task Train_WithItsReportFolderOnAReadOnlyDisk_KeepsTheModelWrittenElsewhere_AndExits1NamingTheReportFile()
    {
        using var dir = new TempFolder();
        using var disk = Mount(dir, "ro");
        disk.MakeReadOnly();
        var report = Path.Combine(disk.Path, "report");
        var output = dir.Combine("model.mgmodel");

        var (code, stdout, error) = await CliProcess.Run(dir.Path, Watchdog, [.. model.TrainArguments, "--out", output, "--report", report]);

        var line = AssertOneErrorLine(code, stdout, error);
        Assert.Contains($"{report}", line);
        Assert.Contains("the file system is read-only", line);
        Assert.True(new FileInfo(output).Length > 0, "the model, written before the report, is kept");
        Assert.Equal(ExitCodes.Ok, (await CliRunner.Run("info", output)).ExitCode);
        Assert.Empty(Directory.GetFileSystemEntries(disk.Path));
    }

    [SkippableFact]
    public async Task Train_OverwritingAGoodModelOnAFullDisk_LeavesItByteForByte()
    {
        using var dir = new TempFolder();
        using var disk = Mount(dir, "full");
        var good = Path.Combine(disk.Path, "good.mgmodel");
        File.Copy(model.Model, good);
        var before = File.ReadAllBytes(good);
        disk.Fill();

        var (code, output, error) = await CliProcess.Run(dir.Path, Watchdog, [.. model.TrainArguments, "--out", good, "--report", dir.Combine("report")]);

        var line = AssertOneErrorLine(code, output, error);
        Assert.Contains($"{good}: could not be written: the disk is full (no space left on device); the file that was there is unchanged.", line);
        Assert.Equal(before, File.ReadAllBytes(good));
        Assert.Equal(ExitCodes.Ok, (await CliRunner.Run("info", good)).ExitCode);
        AssertNoEmptyOrTemporaryFile(disk.Path);
    }

    [Fact]
    public async Task Train_ToAPathTooLong_Exits1WithOneLineSayingSo()
    {
        using var dir = new TempFolder();
        var output = dir.Combine(new string('m', 300) + ".mgmodel");
        var (code, stdout, error) = await CliRunner.RunApart([.. model.TrainArguments, "--out", output, "--report", dir.Combine("report")]);
        var line = AssertOneErrorLine(code, stdout, error);
        Assert.Contains(output + ": could not be written: the path is too long", line);
        Assert.DoesNotContain(Directory.GetFiles(dir.Path), f => Path.GetFileName(f).StartsWith('.'));
    }

    [SkippableFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Train_IntoAFolderWithoutWritePermission_Exits1WithOneLineSayingPermissionDenied()
    {
        Skip.If(Environment.IsPrivilegedProcess, "root may write anywhere: the full and read-only disk tests cover the refusal as root");
        using var dir = new TempFolder();
        var locked = Directory.CreateDirectory(dir.Combine("locked")).FullName;
        File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            var output = Path.Combine(locked, "model.mgmodel");
            var (code, stdout, error) = await CliRunner.RunApart([.. model.TrainArguments, "--out", output, "--report", dir.Combine("report")]);
            var line = AssertOneErrorLine(code, stdout, error);
            Assert.Contains(output + ": could not be written: permission denied", line);
            Assert.Empty(Directory.GetFileSystemEntries(locked));
        }
        finally
        {
            File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>A 1 MiB tmpfs in <paramref name="dir"/>; skips the test where no child process can run or nothing can be mounted.</summary>
    private static TmpfsMount Mount(TempFolder dir, string name)
    {
        Skip.If(CliProcess.Unavailable is not null, CliProcess.Unavailable);
        var disk = TmpfsMount.TryMount(dir.Combine(name), "1m", out var reason);
        Skip.If(disk is null, reason);
        return disk!;
    }

    /// <summary>Exit code 1, exactly one "error:" line on standard error, no stack trace anywhere; returns the line.</summary>
    private static string AssertOneErrorLine(int code, string output, string error)
    {
        var all = $"exit {code}\nstdout:\n{output}\nstderr:\n{error}";
        Assert.True(code == ExitCodes.Error, all);
        Assert.False(CliProcess.HasStackTrace(output + error), all);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var errors = lines.Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 1, all);
        Assert.DoesNotContain("error:", output);
        return errors[0];
    }

    private static void AssertNoEmptyOrTemporaryFile(string folder)
    {
        foreach (var file in Directory.GetFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            Assert.False(AtomicFile.IsTemporaryFile(file), $"temporary file left: {file}");
            Assert.True(new FileInfo(file).Length > 0, $"empty file left: {file}");
        }
    }
}
