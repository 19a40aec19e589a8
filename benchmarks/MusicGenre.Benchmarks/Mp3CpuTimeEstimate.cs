using System.Diagnostics;
using System.Runtime.InteropServices;

namespace MusicGenre.Benchmarks;

/// <summary>
/// CPU time per call of the MP3 benchmarks and of their command-line peers, for a machine shared with other busy
/// processes (where wall times are inflated by waiting for a core): our calls run on one thread, so their CPU time
/// approximates their wall time on an idle machine; the peers' CPU time is their process's user + system time
/// (<c>getrusage(RUSAGE_CHILDREN)</c>), process start included. An estimate, not a measurement of wall time.
/// <c>dotnet run -c Release --project benchmarks/MusicGenre.Benchmarks -- mp3cputime</c>
/// </summary>
public static class Mp3CpuTimeEstimate
{
    private const int Repetitions = 30;

    /// <summary>Runs the estimates and prints one line per benchmark (minimum and median of the calls).</summary>
    public static void Run()
    {
        var b = new Mp3DecodeBenchmarks();
        b.Setup();
        try
        {
            Measure("Load_22050Mono_Native", () => b.Load_22050Mono_Native());
            Measure("Load_22050Mono_Managed", () => b.Load_22050Mono_Managed());
            Measure("Decode_NativeRateStereo_Native", () => b.Decode_NativeRateStereo_Native());
            Measure("Resample_Vectorised", () => b.Resample_Vectorised());
            Measure("Resample_General", () => b.Resample_General());
            Measure("Song4min_ThreeExcerpts", () => b.Song4min_ThreeExcerpts());
            MeasureChild("Mpg123CommandLine", () => b.Mpg123CommandLine());
            MeasureChild("FfmpegCommandLine_Decode", () => b.FfmpegCommandLine_Decode());
            MeasureChild("FfmpegCommandLine_22050Mono", () => b.FfmpegCommandLine_22050Mono());
            MeasureChild("ProcessStart_Ffmpeg", () => b.ProcessStart_Ffmpeg());
        }
        finally
        {
            b.Cleanup();
        }
    }

    private static void Measure(string name, Func<long> body)
    {
        body();
        var cpu = new double[Repetitions];
        var wall = new double[Repetitions];
        for (int i = 0; i < Repetitions; i++)
        {
            var thread0 = ThreadCpuMilliseconds();
            var clock = Stopwatch.StartNew();
            body();
            wall[i] = clock.Elapsed.TotalMilliseconds;
            cpu[i] = ThreadCpuMilliseconds() - thread0;
        }
        Print(name, "thread", cpu, wall);
    }

    private static void MeasureChild(string name, Func<long> body)
    {
        body();
        var cpu = new double[Repetitions];
        var wall = new double[Repetitions];
        for (int i = 0; i < Repetitions; i++)
        {
            var children0 = ChildrenCpuMilliseconds();
            var clock = Stopwatch.StartNew();
            body();
            wall[i] = clock.Elapsed.TotalMilliseconds;
            cpu[i] = ChildrenCpuMilliseconds() - children0;
        }
        Print(name, "process", cpu, wall);
    }

    private static void Print(string name, string what, double[] cpu, double[] wall)
    {
        Array.Sort(cpu);
        Array.Sort(wall);
        Console.WriteLine($"{name,-32} {what} CPU min {cpu[0],7:F1} ms, median {cpu[cpu.Length / 2],7:F1} ms;   wall min {wall[0],7:F1} ms, median {wall[wall.Length / 2],7:F1} ms");
    }

    private static double ThreadCpuMilliseconds()
    {
        clock_gettime(3 /* CLOCK_THREAD_CPUTIME_ID */, out var t);
        return t.Seconds * 1e3 + t.Nanoseconds / 1e6;
    }

    private static double ChildrenCpuMilliseconds()
    {
        getrusage(-1 /* RUSAGE_CHILDREN */, out var usage);
        return (usage.UserSeconds + usage.SystemSeconds) * 1e3 + (usage.UserMicroseconds + usage.SystemMicroseconds) / 1e3;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct ResourceUsage
    {
        public long UserSeconds, UserMicroseconds, SystemSeconds, SystemMicroseconds;
        public long MaxRss, IxRss, IdRss, IsRss, MinFlt, MajFlt, NSwap, InBlock, OuBlock, MsgSnd, MsgRcv, NSignals, NVCsw, NIvCsw;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int clock_gettime(int clock, out TimeSpec time);

    [DllImport("libc", SetLastError = true)]
    private static extern int getrusage(int who, out ResourceUsage usage);
}
