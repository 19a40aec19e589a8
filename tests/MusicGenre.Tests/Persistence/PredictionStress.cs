using System.Collections.Concurrent;
using System.Diagnostics;

namespace MusicGenre.Tests.Persistence;

/// <summary>
/// Many threads predicting with several models at once, as a server does: one <see cref="GenrePredictor"/> per model
/// shared by every thread, paths and streams alternating, every (model, clip) pair first predicted on one thread as
/// the reference. Any answer that differs from its reference by a bit is reported.
/// </summary>
public static class PredictionStress
{
    /// <summary>What a run did: predictions made, how long, every difference from the single-threaded reference, and the reference's time per prediction by kind.</summary>
    public sealed record Outcome(int Predictions, TimeSpan Elapsed, IReadOnlyList<string> Differences, IReadOnlyDictionary<string, int> PerKind, IReadOnlyDictionary<string, double> SingleThreadedMs);

    public static Outcome Run(IReadOnlyList<(string Kind, string Path)> models, IReadOnlyList<string> clips, int threads, int predictions)
    {
        var predictors = models.Select(m => GenrePredictor.Load(m.Path)).ToArray();
        try
        {
            // The reference: each pair once, on this thread, before any concurrency.
            var referenceTime = new double[models.Count];
            var reference = predictors.Select((p, m) =>
            {
                var started = Stopwatch.GetTimestamp();
                var signatures = clips.Select(c => Signature(p.Predict(c))).ToArray();
                referenceTime[m] = Stopwatch.GetElapsedTime(started).TotalMilliseconds / clips.Count;
                return signatures;
            }).ToArray();
            var differences = new ConcurrentQueue<string>();
            var perKind = new int[models.Count];
            int next = -1;
            var clock = Stopwatch.StartNew();
            var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < predictions)
                {
                    // Consecutive numbers go to different threads, so every model runs on several threads at once.
                    int m = i % models.Count, c = (i / models.Count + t) % clips.Count;
                    GenrePrediction prediction;
                    if (i % 2 == 0)
                    {
                        prediction = predictors[m].Predict(clips[c]);
                    }
                    else
                    {
                        using var stream = File.OpenRead(clips[c]);
                        prediction = predictors[m].Predict(stream, clips[c]);
                    }
                    Interlocked.Increment(ref perKind[m]);
                    var signature = Signature(prediction);
                    if (signature != reference[m][c]) differences.Enqueue($"{models[m].Kind} on {Path.GetFileName(clips[c])} (prediction {i}, thread {t}): {signature} instead of {reference[m][c]}");
                }
            }) { IsBackground = true, Name = $"stress {t}" }).ToList();
            workers.ForEach(w => w.Start());
            workers.ForEach(w => w.Join());
            clock.Stop();
            return new Outcome(Math.Min(predictions, next), clock.Elapsed, [.. differences],
                models.Select((m, k) => (m.Kind, perKind[k])).ToDictionary(x => x.Kind, x => x.Item2),
                models.Select((m, k) => (m.Kind, referenceTime[k])).ToDictionary(x => x.Kind, x => x.Item2));
        }
        finally
        {
            foreach (var p in predictors) p.Dispose();
        }
    }

    /// <summary>Every number of a prediction, bit for bit, as text.</summary>
    private static string Signature(GenrePrediction p)
        => string.Join(";", p.Scores.Select(s => $"{s.Genre}={BitConverter.SingleToInt32Bits(s.Probability):x8}"))
            + "|" + string.Join(";", (p.Timeline ?? []).Select(w => $"{w.Start.Ticks}-{w.End.Ticks}:{string.Join(",", w.Scores.Select(s => BitConverter.SingleToInt32Bits(s.Probability).ToString("x8", System.Globalization.CultureInfo.InvariantCulture)))}"))
            + "|" + p.Duration.Ticks;
}
