using System.Text.Json;
using MusicGenre.Cli;
using MusicGenre.Tests.TestInfrastructure;
using Xunit.Abstractions;

namespace MusicGenre.Tests.Cli;

/// <summary>
/// Issue 9 §7 with a real <c>musicgenre</c> process and a real SIGINT: <c>predict</c> stops within 2 s even while a
/// decoder is busy (a long file being decoded, a named pipe that sends its bytes slowly), writes the results it has,
/// lists what was not done, and exits with 130. The child runs with one worker (<c>DOTNET_PROCESSOR_COUNT=1</c>), so
/// files are taken in input order and the test knows which ones were finished when the signal came. A command stuck
/// where no token reaches (a read blocked in the kernel) is ended by the process 1.5 s after the signal.
/// </summary>
public class CliInterruptTests(ClassicalModelFixture model, ITestOutputHelper log) : IClassFixture<ClassicalModelFixture>
{
    /// <summary>The bound: from the signal to the end of the process.</summary>
    private static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan Watchdog = TimeSpan.FromSeconds(120);

    private static readonly Dictionary<string, string> OneWorker = new() { ["DOTNET_PROCESSOR_COUNT"] = "1" };

    [SkippableFact]
    public async Task Predict_SigIntWhileDecodingALongFile_PrintsTheResultsSoFar_ListsTheRest_Exits130Within2s()
    {
        Skip.If(CliProcess.Unavailable is not null, CliProcess.Unavailable);
        Skip.IfNot(OperatingSystem.IsLinux(), "the test sees which file the child has open in /proc");
        using var dir = new TempFolder();
        // 20 minutes at 8 kHz: decoding, resampling and featurising it takes seconds, so the signal finds it busy.
        var longFile = dir.Combine("long.wav");
        var second = new float[8000];
        for (var i = 0; i < second.Length; i++) second[i] = 0.3f * MathF.Sin(2 * MathF.PI * 300 * i / 8000);
        MusicGenre.Datasets.WavFileWriter.Write(longFile, Enumerable.Repeat(second, 1200).SelectMany(s => s).ToArray(), 8000);
        string first = model.Clip(0), last = model.Clip(1);

        // --analysis whole: the default analysis would decode only 30 s of it, which is over before the signal.
        using var child = CliProcess.Start(dir.Path, OneWorker, "predict", model.Model, first, longFile, last, "--json", "--analysis", "whole");
        Skip.If(child.IgnoresSigInt(), "the child ignores SIGINT (inherited)");
        Assert.True(await child.WaitUntil(() => HasOpen(child.Id, longFile), Watchdog), $"the long file was never opened\n{child.Error}");
        await Task.Delay(300); // well inside its decoding
        child.Signal(CliProcess.SigInt);
        var code = await child.WaitForExit(Watchdog);

        AssertInterrupted(child, code, done: [first], notDone: [longFile, last]);
    }

    [SkippableFact]
    public async Task Predict_SigIntWhileANamedPipeSendsSlowly_PrintsTheResultsSoFar_ListsTheRest_Exits130Within2s()
    {
        Skip.If(CliProcess.Unavailable is not null, CliProcess.Unavailable);
        Skip.If(NamedPipe.Unavailable is not null, NamedPipe.Unavailable);
        using var dir = new TempFolder();
        var slow = NamedPipe.Create(dir.Combine("slow.wav"));
        string first = model.Clip(0), second = model.Clip(5), last = model.Clip(1);

        using var child = CliProcess.Start(dir.Path, OneWorker, "predict", model.Model, first, second, slow, last, "--json");
        Skip.If(child.IgnoresSigInt(), "the child ignores SIGINT (inherited)");
        await using var writer = await NamedPipe.OpenWriter(slow, Watchdog); // returns when the decoder opens the pipe
        Assert.True(writer is not null, $"the pipe was never opened\n{child.Error}");
        await writer!.WriteAsync(NamedPipe.WavHeader(22050, 100_000_000));
        await writer.WriteAsync(new byte[22050]); // half a second of silence, then nothing: the read waits
        await Task.Delay(300);
        child.Signal(CliProcess.SigInt);
        var code = await child.WaitForExit(Watchdog);

        AssertInterrupted(child, code, done: [first, second], notDone: [slow, last]);
    }

    [SkippableTheory]
    [InlineData(CliProcess.SigInt, ExitCodes.Cancelled)]
    [InlineData(CliProcess.SigTerm, ExitCodes.Terminated)]
    public async Task ACommandStuckInARead_IsEndedWithin2sOfTheSignal_WithItsExitCode(int signal, int expected)
    {
        Skip.If(CliProcess.Unavailable is not null, CliProcess.Unavailable);
        Skip.If(NamedPipe.Unavailable is not null, NamedPipe.Unavailable);
        using var dir = new TempFolder();
        var pipe = NamedPipe.Create(dir.Combine("model.mgmodel"));

        using var child = CliProcess.Start(dir.Path, "info", pipe);
        Skip.If(signal == CliProcess.SigInt && child.IgnoresSigInt(), "the child ignores SIGINT (inherited)");
        await using var writer = await NamedPipe.OpenWriter(pipe, Watchdog); // the model's bytes never come: the read blocks in the kernel
        Assert.True(writer is not null, $"the pipe was never opened\n{child.Error}");
        await Task.Delay(300);
        child.Signal(signal);
        var code = await child.WaitForExit(Watchdog);

        var all = $"exit {code} {child.SinceSignal.TotalSeconds:0.00} s after signal {signal}\nstdout:\n{child.Output}\nstderr:\n{child.Error}";
        log.WriteLine(all);
        Assert.True(code == expected, all);
        Assert.True(child.SinceSignal < StopLimit, all);
        Assert.Contains("Stopped: the command did not stop within 1.5 s", child.Error);
        Assert.False(CliProcess.HasStackTrace(child.Output + child.Error), all);
    }

    private void AssertInterrupted(CliProcess child, int code, string[] done, string[] notDone)
    {
        var all = $"exit {code} {child.SinceSignal.TotalSeconds:0.00} s after SIGINT\nstdout:\n{child.Output}\nstderr:\n{child.Error}";
        log.WriteLine(all);
        Assert.True(code == ExitCodes.Cancelled, all);
        Assert.True(child.SinceSignal < StopLimit, all);
        Assert.False(CliProcess.HasStackTrace(child.Output + child.Error), all);
        using var doc = JsonDocument.Parse(child.Output); // standard output holds only the JSON, even when interrupted
        Assert.Equal(done, doc.RootElement.GetProperty("predictions").EnumerateArray().Select(p => p.GetProperty("path").GetString()));
        Assert.True(doc.RootElement.GetProperty("interrupted").GetBoolean());
        Assert.Equal(notDone, doc.RootElement.GetProperty("not_done").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(0, doc.RootElement.GetProperty("failures").GetArrayLength());
        Assert.Contains($"Interrupted: {done.Length} of {done.Length + notDone.Length} file(s) done; {notDone.Length} not classified:", child.Error);
        foreach (var path in notDone) Assert.Contains(path, child.Error);
    }

    /// <summary>Whether process <paramref name="pid"/> has <paramref name="path"/> open.</summary>
    private static bool HasOpen(int pid, string path)
    {
        try
        {
            foreach (var fd in Directory.EnumerateFiles($"/proc/{pid}/fd"))
                if (new FileInfo(fd).LinkTarget == path) return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // a descriptor closed while it was being read, or the process ended
        }
        return false;
    }
}
