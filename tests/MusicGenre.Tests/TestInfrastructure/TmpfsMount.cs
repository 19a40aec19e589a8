using System.Diagnostics;

namespace MusicGenre.Tests.TestInfrastructure;

/// <summary>
/// A tiny tmpfs mounted on a folder, for disk-fault tests: full (filled to the last byte) or read-only. Needs root
/// and a kernel that lets this process mount; <see cref="TryMount"/> says why not otherwise.
/// </summary>
public sealed class TmpfsMount : IDisposable
{
    private TmpfsMount(string path) => Path = path;

    /// <summary>The mount point.</summary>
    public string Path { get; }

    /// <summary>Mounts a tmpfs of <paramref name="size"/> (e.g. "64k") on <paramref name="path"/> (created).</summary>
    /// <param name="path">The mount point.</param>
    /// <param name="size">The size, as mount's size option.</param>
    /// <param name="reason">Why it could not be mounted.</param>
    public static TmpfsMount? TryMount(string path, string size, out string reason)
    {
        reason = "";
        if (!OperatingSystem.IsLinux()) { reason = "tmpfs mounts are a Linux test"; return null; }
        if (!Environment.IsPrivilegedProcess) { reason = "mounting a tmpfs needs root (the test runs as an ordinary user)"; return null; }
        Directory.CreateDirectory(path);
        var (code, output) = Run("mount", "-t", "tmpfs", "-o", $"size={size}", "tmpfs", path);
        if (code != 0) { reason = $"mount -t tmpfs failed ({code}): {output.Trim()}"; return null; }
        return new TmpfsMount(path);
    }

    /// <summary>Fills the file system: writes a filler file until the disk is full.</summary>
    public void Fill()
    {
        var block = new byte[1024];
        using var filler = new FileStream(System.IO.Path.Combine(Path, "filler"), FileMode.Create, FileAccess.Write, FileShare.None, 1);
        try
        {
            while (true) filler.Write(block);
        }
        catch (IOException)
        {
            // full
        }
        try { filler.Flush(); } catch (IOException) { }
    }

    /// <summary>Makes the file system read-only (what is in it stays readable).</summary>
    public void MakeReadOnly()
    {
        var (code, output) = Run("mount", "-o", "remount,ro", Path);
        if (code != 0) throw new InvalidOperationException($"remount,ro failed ({code}): {output}");
    }

    public void Dispose()
    {
        var (code, _) = Run("umount", Path);
        if (code != 0) Run("umount", "-l", Path);
    }

    private static (int Code, string Output) Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(30_000)) { process.Kill(); return (-1, "timed out"); }
        return (process.ExitCode, output.Result + error.Result);
    }
}
