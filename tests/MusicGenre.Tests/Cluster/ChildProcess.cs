using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace MusicGenre.Tests.Cluster;

/// <summary>
/// A process started by a test: its output captured, waited for with a limit, killed (SIGKILL) on dispose if still
/// running, and on Unix watched by a small shell loop that SIGKILLs it when the test process is gone, so a test host
/// that crashes or is killed (a hang timeout) leaves no redis-server or silo behind.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process process;
    private readonly Process? watchdog;
    private readonly StringBuilder output = new();

    public ChildProcess(string fileName, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory(),
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Description = $"{Path.GetFileName(fileName)} {string.Join(' ', arguments)}";
        watchdog = StartWatchdog(process.Id);
    }

    /// <summary>The command line, for messages.</summary>
    public string Description { get; }

    /// <summary>Everything it printed so far (standard output and error).</summary>
    public string Output
    {
        get { lock (output) return output.ToString(); }
    }

    public bool HasExited => process.HasExited;

    /// <summary>Runs the <c>musicgenre</c> tool built beside the tests (the real command, in its own process).</summary>
    public static ChildProcess Musicgenre(params string[] arguments)
        => new("dotnet", [Path.Combine(AppContext.BaseDirectory, "MusicGenre.Cli.dll"), .. arguments]);

    /// <summary>Waits until <paramref name="text"/> appears in the output; fails with the output when it does not in time or the process exits first.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (process.HasExited) Assert.Fail($"{Description} exited ({process.ExitCode}) before printing '{text}':\n{Output}");
            if (DateTime.UtcNow > deadline) Assert.Fail($"{Description} did not print '{text}' within {limit.TotalSeconds:0} s:\n{Output}");
            await Task.Delay(100);
        }
    }

    /// <summary>Waits for the process to exit and returns its exit code; kills it and fails when it runs past <paramref name="limit"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            Assert.Fail($"{Description} ran past {limit.TotalSeconds:0} s:\n{Output}");
        }
        process.WaitForExit(); // drains the output
        return process.ExitCode;
    }

    /// <summary>SIGTERM: what an operator's stop, systemd or Kubernetes sends; the process shuts down on its own.</summary>
    public void Terminate()
    {
        if (!process.HasExited && SendSignal(process.Id, 15) != 0) Assert.Fail($"SIGTERM to {Description} failed (errno {Marshal.GetLastPInvokeError()})");
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    /// <summary>SIGKILL: no shutdown, no flush, nothing the process can intercept.</summary>
    public void Kill()
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    public void Dispose()
    {
        Kill();
        process.Dispose();
        if (watchdog is null) return;
        try
        {
            if (!watchdog.HasExited) watchdog.Kill();
        }
        catch (InvalidOperationException)
        {
            // it saw the child go and ended
        }
        watchdog.Dispose();
    }

    /// <summary>
    /// <c>sh</c> polling once a second: while this test process and the child live it waits; when this process is
    /// gone it SIGKILLs the child; when the child is gone it ends. Null where there is no <c>/bin/sh</c>.
    /// </summary>
    private static Process? StartWatchdog(int child)
    {
        if (OperatingSystem.IsWindows() || !File.Exists("/bin/sh")) return null;
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-c", "while kill -0 \"$1\" 2>/dev/null && kill -0 \"$2\" 2>/dev/null; do sleep 1; done; kill -0 \"$1\" 2>/dev/null || kill -9 \"$2\" 2>/dev/null", "watchdog", Environment.ProcessId.ToString(), child.ToString() })
            start.ArgumentList.Add(argument);
        return Process.Start(start);
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
    }
}
