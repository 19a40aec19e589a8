using System.Collections.Concurrent;
using System.Diagnostics;
using MusicGenre.Audio;
using MusicGenre.Audio.Mp3;

namespace MusicGenre.Fuzz;

/// <summary>What a case gave.</summary>
public enum FuzzOutcome
{
    /// <summary>Samples that respect the options and limits.</summary>
    Samples,

    /// <summary>An <see cref="AudioFormatException"/> naming the input, with a reason.</summary>
    TypedError,

    /// <summary>Anything else: another exception, a result breaking a limit, or a case that ran past its time limit.</summary>
    Anomaly,
}

/// <summary>Settings of a fuzz run.</summary>
/// <param name="Cases">How many cases (numbered from <paramref name="FirstCase"/>).</param>
/// <param name="Seed">The run's seed: with a case number it reproduces that case.</param>
/// <param name="Workers">Cases decoded at once.</param>
/// <param name="CaseLimit">A case running longer is an anomaly (it is then cancelled).</param>
/// <param name="FormatsFolder">../shared/data/formats for the compressed seeds; null for synthetic seeds only.</param>
/// <param name="FfmpegPath">ffmpeg for the FLAC/Opus/M4A seeds; null leaves them out.</param>
/// <param name="FirstCase">The first case number.</param>
public sealed record FuzzRunOptions(long Cases, int Seed, int Workers, TimeSpan CaseLimit, string? FormatsFolder, string? FfmpegPath, long FirstCase = 0);

/// <summary>One anomaly, with what reproduces it.</summary>
public sealed record FuzzAnomaly(long Index, string Seed, string Mutation, Delivery Delivery, Mp3Backend Mp3Backend, string Detail);

/// <summary>The counts of a run.</summary>
public sealed class FuzzSummary
{
    private readonly ConcurrentDictionary<(string Seed, FuzzOutcome Outcome), long> _counts = new();
    private readonly ConcurrentQueue<FuzzAnomaly> _anomalies = new();

    /// <summary>Cases run.</summary>
    public long Cases => _counts.Values.Sum();

    /// <summary>Cases per outcome.</summary>
    public long Count(FuzzOutcome outcome) => _counts.Where(kv => kv.Key.Outcome == outcome).Sum(kv => kv.Value);

    /// <summary>Cases per seed and outcome.</summary>
    public IReadOnlyDictionary<(string Seed, FuzzOutcome Outcome), long> BySeed => _counts;

    /// <summary>The anomalies found.</summary>
    public IReadOnlyCollection<FuzzAnomaly> Anomalies => _anomalies;

    /// <summary>Wall time of the run.</summary>
    public TimeSpan Elapsed { get; internal set; }

    internal void Add(FuzzCase fuzzCase, FuzzOutcome outcome, string? detail)
    {
        _counts.AddOrUpdate((fuzzCase.Seed, outcome), 1, (_, n) => n + 1);
        if (outcome == FuzzOutcome.Anomaly)
            _anomalies.Enqueue(new FuzzAnomaly(fuzzCase.Index, fuzzCase.Seed, fuzzCase.Mutation, fuzzCase.Delivery, fuzzCase.Mp3Backend, detail ?? ""));
    }
}

/// <summary>
/// Runs fuzz cases on every decoder through every delivery (seekable stream, forward-only stream, file path), with
/// a watchdog per case, and classifies each outcome. Thread-safe to call; each run uses its own workers.
/// </summary>
public static class FuzzRunner
{
    /// <summary>Runs the cases; <paramref name="progress"/> is called about once a second with the cases done.</summary>
    public static FuzzSummary Run(FuzzRunOptions options, Action<long>? progress = null)
    {
        var seeds = FuzzSeed.All(options.FormatsFolder, options.FfmpegPath is not null);
        double totalWeight = seeds.Sum(s => s.Weight);
        var summary = new FuzzSummary();
        var folder = Directory.CreateTempSubdirectory("musicgenre-fuzz-");
        var watch = Stopwatch.StartNew();
        long next = options.FirstCase - 1, done = 0;
        var running = new RunningCase?[options.Workers];
        using var stop = new CancellationTokenSource();
        var watchdog = new Thread(() => Watch(running, options.CaseLimit, summary, stop.Token)) { IsBackground = true, Name = "fuzz watchdog" };
        watchdog.Start();
        var workers = Enumerable.Range(0, options.Workers).Select(w => new Thread(() =>
        {
            long index;
            while ((index = Interlocked.Increment(ref next)) < options.FirstCase + options.Cases)
            {
                var fuzzCase = FuzzCase.Create(options.Seed, index, seeds, totalWeight, options.FfmpegPath);
                var current = new RunningCase(fuzzCase, Stopwatch.GetTimestamp());
                running[w] = current;
                var (outcome, detail) = RunCase(fuzzCase, folder.FullName, current.Cancellation.Token);
                running[w] = null;
                if (!current.TimedOut) summary.Add(fuzzCase, outcome, detail);
                current.Cancellation.Dispose();
                Interlocked.Increment(ref done);
            }
        }) { IsBackground = true, Name = $"fuzz worker {w}" }).ToList();
        workers.ForEach(t => t.Start());
        while (!workers.All(t => t.Join(TimeSpan.FromSeconds(1)) || !t.IsAlive)) progress?.Invoke(Interlocked.Read(ref done));
        stop.Cancel();
        summary.Elapsed = watch.Elapsed;
        try
        {
            folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // a case still holding its file (it ran past its limit): the OS temp cleaner takes it
        }
        return summary;
    }

    /// <summary>Runs one case and classifies it.</summary>
    public static (FuzzOutcome Outcome, string? Detail) RunCase(FuzzCase fuzzCase, string folder, CancellationToken cancellationToken)
    {
        string name = $"case-{fuzzCase.Index}";
        string? path = null;
        Mp3Decoders.ThreadOverride = fuzzCase.Mp3Backend;
        try
        {
            AudioClip clip;
            switch (fuzzCase.Delivery)
            {
                case Delivery.FilePath:
                    path = Path.Combine(folder, name + ".bin");
                    File.WriteAllBytes(path, fuzzCase.Data);
                    name = path;
                    clip = AudioFile.Load(path, fuzzCase.Options, cancellationToken);
                    break;
                case Delivery.NonSeekableStream:
                    using (var stream = new NonSeekableStream(fuzzCase.Data)) clip = AudioFile.Load(stream, fuzzCase.Options, name, cancellationToken);
                    break;
                default:
                    using (var stream = new MemoryStream(fuzzCase.Data, writable: false)) clip = AudioFile.Load(stream, fuzzCase.Options, name, cancellationToken);
                    break;
            }
            return Check(clip, fuzzCase.Options);
        }
        catch (AudioFormatException ex)
        {
            if (ex.FilePath != name) return (FuzzOutcome.Anomaly, $"AudioFormatException names '{ex.FilePath}', not '{name}': {ex.Message}");
            if (string.IsNullOrWhiteSpace(ex.Reason)) return (FuzzOutcome.Anomaly, "AudioFormatException without a reason");
            return (FuzzOutcome.TypedError, null);
        }
        catch (Exception ex)
        {
            return (FuzzOutcome.Anomaly, $"{ex.GetType().FullName}: {ex.Message}\n{ex.StackTrace}");
        }
        finally
        {
            Mp3Decoders.ThreadOverride = null;
            if (path is not null) File.Delete(path);
        }
    }

    private static (FuzzOutcome, string?) Check(AudioClip clip, AudioLoadOptions options)
    {
        if (clip.Samples.Length > options.MaxSamples) return (FuzzOutcome.Anomaly, $"{clip.Samples.Length} samples exceed MaxSamples {options.MaxSamples}");
        if (options.Mono && clip.Channels != 1) return (FuzzOutcome.Anomaly, $"mono requested, {clip.Channels} channels returned");
        if (options.SampleRate is { } rate && clip.SampleRate != rate) return (FuzzOutcome.Anomaly, $"rate {clip.SampleRate} returned, {rate} requested");
        return (FuzzOutcome.Samples, null);
    }

    private static void Watch(RunningCase?[] running, TimeSpan limit, FuzzSummary summary, CancellationToken stop)
    {
        long limitTicks = (long)(limit.TotalSeconds * Stopwatch.Frequency);
        while (!stop.WaitHandle.WaitOne(100))
        {
            foreach (var current in running)
            {
                if (current is null || current.TimedOut || Stopwatch.GetTimestamp() - current.Started < limitTicks) continue;
                current.TimedOut = true;
                summary.Add(current.Case, FuzzOutcome.Anomaly, $"ran past the {limit.TotalSeconds:0.#} s limit (cancelled)");
                current.Cancellation.Cancel();
            }
        }
    }

    private sealed class RunningCase(FuzzCase fuzzCase, long started)
    {
        public FuzzCase Case { get; } = fuzzCase;
        public long Started { get; } = started;
        public CancellationTokenSource Cancellation { get; } = new();
        public volatile bool TimedOut;
    }
}
