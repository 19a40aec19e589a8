using System.Diagnostics;
using MusicGenre.Audio.Ffmpeg;
using MusicGenre.Fuzz;

// The standing decoder fuzz harness (docs/reliability.md):
//   dotnet run --project tests/MusicGenre.Fuzz -c Release -- --cases 300000 --seed 1 --workers 2
// Options: --cases N, --seed S, --workers W, --first N (start at case N), --case N (run only case N),
//          --limit SECONDS (per-case watchdog, default 10), --shared PATH (default ../shared), --no-ffmpeg.
long cases = 300_000, first = 0;
int seed = 1, workers = Environment.ProcessorCount;
double limit = 10;
string? shared = null;
bool withFfmpeg = true;
for (int i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--cases": cases = long.Parse(Next()); break;
        case "--seed": seed = int.Parse(Next()); break;
        case "--workers": workers = int.Parse(Next()); break;
        case "--first": first = long.Parse(Next()); break;
        case "--case": first = long.Parse(Next()); cases = 1; break;
        case "--limit": limit = double.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
        case "--shared": shared = Next(); break;
        case "--no-ffmpeg": withFfmpeg = false; break;
        default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
    }
}
shared ??= FindShared();
string? formats = shared is null ? null : Path.Combine(shared, "data", "formats");
string? ffmpeg = withFfmpeg ? FfmpegLocator.Find() : null;
Console.WriteLine($"MP3: odd cases {MusicGenre.Audio.Mp3.Mp3Decoders.ActiveDescription}, even cases managed NLayer");
Console.WriteLine($"fuzz: {cases} cases from #{first}, seed {seed}, {workers} workers, limit {limit} s, formats {formats ?? "(synthetic only)"}, ffmpeg {ffmpeg ?? "(not used)"}");
var cpu = Process.GetCurrentProcess().TotalProcessorTime;
var summary = FuzzRunner.Run(new FuzzRunOptions(cases, seed, workers, TimeSpan.FromSeconds(limit), formats, ffmpeg, first),
    done => { if (Console.IsOutputRedirected is false) Console.Write($"\r{done} cases"); });
cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
Console.WriteLine();
Console.WriteLine($"| seed | cases | samples | typed errors | anomalies |");
Console.WriteLine($"| --- | ---: | ---: | ---: | ---: |");
foreach (var name in summary.BySeed.Keys.Select(k => k.Seed).Distinct().Order())
{
    long Get(FuzzOutcome o) => summary.BySeed.TryGetValue((name, o), out var n) ? n : 0;
    long s = Get(FuzzOutcome.Samples), t = Get(FuzzOutcome.TypedError), a = Get(FuzzOutcome.Anomaly);
    Console.WriteLine($"| {name} | {s + t + a:N0} | {s:N0} | {t:N0} | {a:N0} |");
}
Console.WriteLine($"| **all** | {summary.Cases:N0} | {summary.Count(FuzzOutcome.Samples):N0} | {summary.Count(FuzzOutcome.TypedError):N0} | {summary.Count(FuzzOutcome.Anomaly):N0} |");
Console.WriteLine($"wall {summary.Elapsed.TotalSeconds:F0} s, process CPU {cpu.TotalSeconds:F0} s, load average now {LoadAverage()}");
Console.WriteLine($"memory: peak working set {Process.GetCurrentProcess().PeakWorkingSet64 >> 20} MB, now {Environment.WorkingSet >> 20} MB, managed heap after a full collection {GC.GetTotalMemory(forceFullCollection: true) >> 20} MB");
foreach (var a in summary.Anomalies.Take(50))
    Console.WriteLine($"ANOMALY case {a.Index} (reproduce: --seed {seed} --case {a.Index}) seed={a.Seed} mutation={a.Mutation} delivery={a.Delivery} mp3={a.Mp3Backend}: {a.Detail}");
return summary.Count(FuzzOutcome.Anomaly) == 0 ? 0 : 1;

static string? FindShared()
{
    var env = Environment.GetEnvironmentVariable("MUSICGENRE_SHARED");
    if (!string.IsNullOrEmpty(env)) return Directory.Exists(env) ? env : null;
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "MusicGenre.sln")))
            return Directory.Exists(Path.Combine(dir.FullName, "..", "shared")) ? Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared")) : null;
    return null;
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
