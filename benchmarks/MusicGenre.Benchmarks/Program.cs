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
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
