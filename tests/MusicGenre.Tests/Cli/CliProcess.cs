using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using MusicGenre.Tests.Packaging;

namespace MusicGenre.Tests.Cli;

/// <summary>
/// A real <c>musicgenre</c> process (the CLI assembly built next to the tests, run by <c>dotnet</c>), for what only a
/// process shows: the exit code after a signal or an unhandled failure, standard output and standard error apart, no
/// stack trace. On Linux the child starts through <c>env --default-signal=INT</c>: a test host started as a background
/// job inherits an ignored SIGINT, and a child would inherit that too.
/// </summary>
public sealed partial class CliProcess : IDisposable
{
    public const int SigInt = 2;
    public const int SigTerm = 15;

    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly StringBuilder error = new();
    private readonly Stopwatch sinceSignal = new();

    private CliProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (error) error.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The CLI assembly the tests run.</summary>
    public static string CliAssembly => typeof(MusicGenre.Cli.CliApp).Assembly.Location;

    /// <summary>Why child processes cannot run here, or null when they can.</summary>
    public static string? Unavailable { get; } = FindUnavailable();

    public int Id => process.Id;

    public string Output { get { lock (output) return output.ToString(); } }

    public string Error { get { lock (error) return error.ToString(); } }

    /// <summary>Starts <c>musicgenre</c> with <paramref name="args"/> in <paramref name="workingDirectory"/>.</summary>
    public static CliProcess Start(string workingDirectory, params string[] args) => Start(workingDirectory, new Dictionary<string, string>(), args);

    /// <summary>Starts <c>musicgenre</c> with <paramref name="args"/> and extra environment variables (e.g. <c>DOTNET_PROCESSOR_COUNT</c>).</summary>
    public static CliProcess Start(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        if (Unavailable is { } reason) throw new InvalidOperationException(reason);
        var dotnet = DotnetProcess.FindOnPath()!;
        var start = OperatingSystem.IsLinux()
            ? DotnetProcess.Start("env", workingDirectory, ["--default-signal=INT", dotnet, CliAssembly, .. args])
            : DotnetProcess.Start(dotnet, workingDirectory, [CliAssembly, .. args]);
        start.Environment["MUSICGENRE_CACHE"] = Path.Combine(workingDirectory, "user-cache"); // never the user's cache
        start.Environment.Remove("MUSICGENRE_DEBUG");
        foreach (var (name, value) in environment) start.Environment[name] = value;
        return new CliProcess(Process.Start(start)!);
    }

    /// <summary>Runs <c>musicgenre</c> to its end (killed after <paramref name="watchdog"/>, which fails the test).</summary>
    public static async Task<(int ExitCode, string Output, string Error)> Run(string workingDirectory, TimeSpan watchdog, params string[] args)
    {
        using var child = Start(workingDirectory, args);
        var code = await child.WaitForExit(watchdog);
        return (code, child.Output, child.Error);
    }

    /// <summary>Waits until <paramref name="condition"/> holds (polled every 20 ms), the process ends, or the timeout passes.</summary>
    /// <returns>Whether the condition held.</returns>
    public async Task<bool> WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (condition()) return true;
            if (process.HasExited) return condition();
            await Task.Delay(20);
        }
        return condition();
    }

    /// <summary>Sends a signal (Unix) and starts the clock of <see cref="SinceSignal"/>.</summary>
    public void Signal(int signal)
    {
        sinceSignal.Restart();
        if (Kill(process.Id, signal) != 0) throw new InvalidOperationException($"kill({process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>The time from the last <see cref="Signal"/> to the end of the process (or until now).</summary>
    public TimeSpan SinceSignal => sinceSignal.Elapsed;

    /// <summary>True when the child ignores SIGINT (inherited; then no signal test can run).</summary>
    public bool IgnoresSigInt()
    {
        var status = $"/proc/{process.Id}/status";
        if (!File.Exists(status)) return false;
        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & (1UL << (SigInt - 1))) != 0;
    }

    /// <summary>Waits for the end; past <paramref name="watchdog"/> the process is killed and the test fails.</summary>
    public async Task<int> WaitForExit(TimeSpan watchdog)
    {
        using var timeout = new CancellationTokenSource(watchdog);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"musicgenre did not end within {watchdog.TotalSeconds:0} s (killed).\nstdout:\n{Output}\nstderr:\n{Error}");
        }
        sinceSignal.Stop();
        process.WaitForExit(); // the output and error readers have drained
        return process.ExitCode;
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        }
        process.Dispose();
    }

    /// <summary>What a stack trace looks like in the output ("   at Namespace.Type.Method(...)").</summary>
    public static bool HasStackTrace(string text) => StackFrame().IsMatch(text) || text.Contains("Unhandled exception", StringComparison.Ordinal);

    private static string? FindUnavailable()
    {
        if (OperatingSystem.IsWindows()) return "the signal tests use Unix signals";
        if (DotnetProcess.FindOnPath() is null) return "dotnet is not on PATH";
        if (!File.Exists(CliAssembly)) return $"the CLI assembly is not next to the tests ({CliAssembly})";
        if (OperatingSystem.IsLinux())
        {
            using var env = Process.Start(new ProcessStartInfo("env", ["--default-signal=INT", "true"]) { RedirectStandardError = true, UseShellExecute = false });
            if (env is null || !env.WaitForExit(10_000) || env.ExitCode != 0) return "env --default-signal is not supported (coreutils 8.31 or later is needed to reset an inherited SIGINT)";
        }
        return null;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s+at [\w.`<>\[\]]+\(", System.Text.RegularExpressions.RegexOptions.Multiline)]
    private static partial System.Text.RegularExpressions.Regex StackFrame();
}
