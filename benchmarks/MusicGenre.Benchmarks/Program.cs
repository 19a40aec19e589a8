using BenchmarkDotNet.Running;

namespace MusicGenre.Benchmarks;

/// <summary>Runs the benchmarks: <c>dotnet run -c Release --project benchmarks/MusicGenre.Benchmarks -- --filter '*'</c>.</summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args is ["service", ..])
        {
            ServiceLoadBenchmark.RunAsync(args).GetAwaiter().GetResult();
            return;
        }
        if (args is ["cputime"])
        {
            CpuTimeEstimate.Run();
            return;
        }
        if (args is ["mp3cputime"])
        {
            Mp3CpuTimeEstimate.Run();
            return;
        }
        if (args is ["profile-seed"])
        {
            SeedNetworkProfile.Run();
            return;
        }
        if (args is ["profile-musicnn"])
        {
            MusicnnLayerProfile.Run();
            return;
        }
        if (args is ["folder-memory", var kind, var count])
        {
            FolderPeakMemory.Run(kind, int.Parse(count, System.Globalization.CultureInfo.InvariantCulture));
            return;
        }
        if (args is ["long-cputime"])
        {
            foreach (var model in new[] { BenchmarkModels.CnnLstm, BenchmarkModels.MusicnnLinear })
                foreach (var analysis in new[] { "excerpts:3x10,skip:15", "whole" })
                {
                    var bench = new LongTrackBenchmarks { Model = model, Analysis = analysis };
                    bench.Setup();
                    CpuTimeEstimate.Measure($"Song4Min {model} {analysis}", analysis == "whole" ? 4 : 10, () => bench.Song4Min());
                    bench.Cleanup();
                }
            return;
        }
        if (args is ["analysis-accuracy"])
        {
            AnalysisAccuracy.Run();
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
