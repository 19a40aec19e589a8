using System.Diagnostics;

namespace MusicGenre.Benchmarks;

/// <summary>
/// Peak resident memory of <see cref="GenrePredictor.PredictMany"/> over a folder of 30 s MP3s (target ≤ 500 MB for
/// musicnn-linear over 100 tracks). The files are made and the model trained first; then the kernel's peak counter is
/// reset (<c>/proc/self/clear_refs</c>) so that the figure is the prediction's alone (with the runtime, the loaded
/// model and torch already resident). Also prints the process CPU time per track, which a busy machine inflates
/// less than wall time. Linux only.
/// <c>dotnet run -c Release --project benchmarks/MusicGenre.Benchmarks -- folder-memory musicnn-linear 100</c>
/// </summary>
public static class FolderPeakMemory
{
    /// <summary>Runs the measurement and prints it.</summary>
    public static void Run(string kind, int tracks)
    {
        TorchSharp.torch.set_num_threads(2);
        var folder = Directory.CreateTempSubdirectory("musicgenre-bench-memory-").FullName;
        try
        {
            var files = BenchmarkMedia.Clips30s(folder, tracks);
            using var predictor = GenrePredictor.Load(BenchmarkModels.Train(kind, folder), new GenrePredictorOptions { Device = Torch.ComputeDevice.Cpu });
            GC.Collect();
            Console.WriteLine($"before: resident {Status("VmRSS")} KB, peak so far {Status("VmHWM")} KB");
            File.WriteAllText("/proc/self/clear_refs", "5"); // resets VmHWM to the current resident size
            using var process = Process.GetCurrentProcess();
            var cpu0 = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            var failed = predictor.PredictMany(files).Count(r => !r.Succeeded);
            watch.Stop();
            process.Refresh();
            var cpu = (process.TotalProcessorTime - cpu0).TotalMilliseconds / tracks;
            Console.WriteLine($"CPU time per track {cpu:0.0} ms (all threads): on 2 idle cores at most {2000 / cpu:0.0} tracks/s");
            Console.WriteLine($"{kind}: {tracks} tracks ({failed} failed) in {watch.Elapsed.TotalSeconds:0.00} s = {tracks / watch.Elapsed.TotalSeconds:0.00} tracks/s; " +
                $"peak resident during PredictMany {Status("VmHWM") / 1024.0:0} MiB, resident after {Status("VmRSS") / 1024.0:0} MiB");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static long Status(string field)
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
