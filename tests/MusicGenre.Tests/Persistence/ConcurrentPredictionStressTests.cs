using System.Diagnostics;
using MusicGenre.Tests.TestInfrastructure;
using Xunit.Abstractions;

namespace MusicGenre.Tests.Persistence;

/// <summary>
/// The core is safe under concurrency (issue 11 §3): 8 threads predict with every model kind at once (cnn-lstm,
/// cnn-gru, crnn, classical, musicnn-linear, musicnn-finetune; one shared predictor each), 2,016 predictions, each
/// bit-identical to the single-threaded reference. Run once in this process, and once in a child process under glibc's
/// malloc debug library (LD_PRELOAD=libc_malloc_debug.so.0 MALLOC_CHECK_=3 MALLOC_PERTURB_=165), where a heap
/// corruption aborts at the faulty free instead of much later, and freed memory is overwritten.
/// </summary>
[Collection(ModelZooCollection.Name)]
[Trait("Category", "Slow")]
public class ConcurrentPredictionStressTests(ModelZoo zoo, ITestOutputHelper output)
{
    public const int Threads = 8;
    public const int Predictions = 2_016; // 336 per kind
    private const string ModelsVariable = "MUSICGENRE_STRESS_MODELS";
    private const string ClipsVariable = "MUSICGENRE_STRESS_CLIPS";
    private const string MallocDebug = "/usr/lib/x86_64-linux-gnu/libc_malloc_debug.so.0";

    private IReadOnlyList<(string Kind, string Path)> Models() => [.. ModelZoo.Kinds.Select(kind => (kind, zoo.Library(kind).Path))];

    [SkippableFact]
    public void EightThreadsWithEveryModelKindAtOnce_GiveTheSingleThreadedPredictions()
    {
        var outcome = PredictionStress.Run(Models(), zoo.Probes, Threads, Predictions);
        Report(output, outcome);
        Assert.Equal(Predictions, outcome.Predictions);
        Assert.All(outcome.PerKind.Values, n => Assert.Equal(Predictions / ModelZoo.Kinds.Length, n));
        Assert.Empty(outcome.Differences);
    }

    [SkippableFact]
    public async Task TheSameStress_UnderGlibcsMallocDebugLibrary_InAChildProcess()
    {
        Skip.IfNot(File.Exists(MallocDebug), $"{MallocDebug} is absent (glibc 2.34 or later on x86-64 Linux)");
        var models = Models();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "test", typeof(ConcurrentPredictionStressTests).Assembly.Location, "--filter", $"FullyQualifiedName={typeof(StressChild).FullName}.{nameof(StressChild.RunsTheStressItIsGiven)}", "--logger", "console;verbosity=detailed" })
            start.ArgumentList.Add(arg);
        start.Environment[ModelsVariable] = string.Join('\n', models.Select(m => m.Kind + "=" + m.Path));
        start.Environment[ClipsVariable] = string.Join('\n', zoo.Probes);
        start.Environment["LD_PRELOAD"] = MallocDebug;
        start.Environment["MALLOC_CHECK_"] = "3";
        start.Environment["MALLOC_PERTURB_"] = "165";
        using var child = Process.Start(start)!;
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        try
        {
            await child.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            child.Kill(entireProcessTree: true);
            Assert.Fail("the stress under malloc debug did not finish within 8 minutes:\n" + await stdout);
        }
        string text = await stdout, errors = await stderr;
        var line = text.Split('\n').FirstOrDefault(l => l.Contains("predictions by", StringComparison.Ordinal))?.Trim();
        output.WriteLine("under malloc debug: " + (line ?? "(no summary)"));
        Assert.True(child.ExitCode == 0 && text.Contains("malloc debug library loaded", StringComparison.Ordinal) && line is not null,
            $"the child failed (exit {child.ExitCode}):\n{text}\n{errors}");
    }

    internal static void Report(ITestOutputHelper output, PredictionStress.Outcome outcome)
        => output.WriteLine($"{outcome.Predictions} predictions by {Threads} threads in {outcome.Elapsed.TotalSeconds:0.0} s " +
            $"({string.Join(", ", outcome.PerKind.Select(k => $"{k.Key} {k.Value}"))}; one thread alone: {string.Join(", ", outcome.SingleThreadedMs.Select(k => $"{k.Key} {k.Value:0} ms"))}); {outcome.Differences.Count} differ from the single-threaded run" +
            (outcome.Differences.Count > 0 ? ": " + string.Join("; ", outcome.Differences.Take(3)) : ""));

    /// <summary>The child side: skips unless started by <see cref="TheSameStress_UnderGlibcsMallocDebugLibrary_InAChildProcess"/>.</summary>
    public class StressChild(ITestOutputHelper output)
    {
        [SkippableFact]
        public void RunsTheStressItIsGiven()
        {
            var models = Environment.GetEnvironmentVariable(ModelsVariable);
            Skip.If(string.IsNullOrEmpty(models), "runs only as the child process of the malloc-debug stress test");
            Assert.Contains("libc_malloc_debug.so", File.ReadAllText("/proc/self/maps"));
            output.WriteLine("malloc debug library loaded (MALLOC_CHECK_=" + Environment.GetEnvironmentVariable("MALLOC_CHECK_") + ")");
            var list = models.Split('\n').Select(l => l.Split('=', 2)).Select(p => (p[0], p[1])).ToList();
            var outcome = PredictionStress.Run(list, Environment.GetEnvironmentVariable(ClipsVariable)!.Split('\n'), Threads, Predictions);
            Report(output, outcome);
            Assert.Equal(Predictions, outcome.Predictions);
            Assert.Empty(outcome.Differences);
        }
    }
}
