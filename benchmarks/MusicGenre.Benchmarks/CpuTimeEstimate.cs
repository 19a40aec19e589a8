using System.Diagnostics;

namespace MusicGenre.Benchmarks;

/// <summary>
/// A rough complement to BenchmarkDotNet for a machine shared with other busy processes: runs each training,
/// inference and musicnn benchmark body (and the ONNX Runtime peer) a few times and reports both wall time and
/// process CPU time per call. With 2 torch
/// threads, CPU time / 2 approximates the wall time on an idle machine (an estimate, not a measurement).
/// <c>dotnet run -c Release --project benchmarks/MusicGenre.Benchmarks -- cputime</c>
/// </summary>
public static class CpuTimeEstimate
{
    /// <summary>Runs the estimates and prints one line per benchmark, with MusicGenre's CPU fast paths on and off.</summary>
    public static void Run()
    {
        foreach (var fastPaths in new[] { true, false })
        {
            var suffix = fastPaths ? "" : " (fast paths off)";
            foreach (var architecture in new[] { Models.GenreArchitectures.CnnLstm, Models.GenreArchitectures.CnnGru, Models.GenreArchitectures.Crnn })
            {
                var training = new TrainingBenchmarks { Architecture = architecture, FastPaths = fastPaths };
                training.Setup();
                Measure($"TrainStepBatch32 {architecture}{suffix}", 6, () => training.TrainStepBatch32());
                training.Cleanup();
            }
            var inference = new InferenceBenchmarks { FastPaths = fastPaths };
            inference.Setup();
            Measure($"ForwardBatch64 (64 windows){suffix}", 10, () => inference.ForwardPerWindowBatch64());
            Measure($"Track30sEndToEnd{suffix}", 10, () => inference.Track30sEndToEnd());
            inference.Cleanup();
            var musicnn = new MusicnnBenchmarks { FastPaths = fastPaths };
            musicnn.Setup();
            Measure($"musicnn PatchBatch10 (10 patches){suffix}", 10, () => musicnn.PatchBatch10());
            if (fastPaths) Measure("musicnn PatchBatch10OnnxRuntime (10 patches, peer)", 10, () => musicnn.PatchBatch10OnnxRuntime());
            musicnn.Cleanup();
        }
    }

    /// <summary>Runs <paramref name="body"/> twice to warm up, then <paramref name="repetitions"/> times; prints mean and minimum wall time and mean CPU time per call.</summary>
    internal static void Measure(string name, int repetitions, Action body)
    {
        body();
        body();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu0 = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var fastest = double.MaxValue;
        for (int i = 0; i < repetitions; i++)
        {
            var start = clock.Elapsed.TotalMilliseconds;
            body();
            fastest = Math.Min(fastest, clock.Elapsed.TotalMilliseconds - start);
        }
        clock.Stop();
        process.Refresh();
        double cpu = (process.TotalProcessorTime - cpu0).TotalMilliseconds / repetitions;
        Console.WriteLine($"{name,-56} wall {clock.Elapsed.TotalMilliseconds / repetitions,9:F1} ms (min {fastest,7:F1})   cpu {cpu,9:F1} ms   cpu/2 {cpu / 2,9:F1} ms");
    }
}
