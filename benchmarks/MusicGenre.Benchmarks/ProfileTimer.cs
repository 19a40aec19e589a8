using System.Diagnostics;

namespace MusicGenre.Benchmarks;

/// <summary>
/// Times one stage for the profiling commands: the minimum and median wall time of several calls, the minimum
/// process CPU time (which a busy machine does not inflate the way it inflates wall time) and the minor page
/// faults of one more call (fresh multi-megabyte buffers are faulted in on every call).
/// </summary>
public static class ProfileTimer
{
    /// <summary>Times <paramref name="body"/> after one warm-up call and prints one line.</summary>
    /// <param name="name">What is timed.</param>
    /// <param name="body">The stage.</param>
    /// <param name="repetitions">Timed calls.</param>
    /// <param name="flop">Floating-point operations of one call, for the rate; 0 for none.</param>
    public static void Time(string name, Action body, int repetitions, double flop = 0)
    {
        body();
        var wall = new double[repetitions];
        var cpu = new double[repetitions];
        using var process = Process.GetCurrentProcess();
        for (int i = 0; i < repetitions; i++)
        {
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            body();
            wall[i] = clock.Elapsed.TotalMilliseconds;
            process.Refresh();
            cpu[i] = (process.TotalProcessorTime - cpu0).TotalMilliseconds;
        }
        long faults0 = MinorFaults();
        body();
        long faults = MinorFaults() - faults0;
        Array.Sort(wall);
        Array.Sort(cpu);
        var rate = flop > 0 ? $" {flop / (wall[0] * 1e-3) / 1e9,6:F1} GFLOP/s" : "";
        Console.WriteLine($"{name,-58} {wall[0],9:F2} ms ({wall[repetitions / 2],8:F2}) cpu {cpu[0],8:F1} ms {faults,7} faults{rate}");
    }

    /// <summary>The number of threads to profile with: <c>MUSICGENRE_PROFILE_THREADS</c>, default 2.</summary>
    public static int Threads => int.TryParse(Environment.GetEnvironmentVariable("MUSICGENRE_PROFILE_THREADS"), out var threads) ? threads : 2;

    /// <summary>Minor page faults of this process so far (Linux; 0 elsewhere).</summary>
    private static long MinorFaults()
    {
        const string stat = "/proc/self/stat";
        if (!File.Exists(stat)) return 0;
        var text = File.ReadAllText(stat);
        return long.Parse(text[(text.LastIndexOf(')') + 2)..].Split(' ')[7]);
    }
}
