using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace MusicGenre.AspNetCore;

/// <summary>
/// The service's counters, written in Prometheus' text exposition format (0.0.4) by hand: requests by endpoint and
/// status code, errors by reason, a latency histogram of predictions, requests in flight, prediction slots in use and
/// requests waiting. Thread-safe.
/// </summary>
internal sealed class ServiceMetrics
{
    /// <summary>The content type of <see cref="Write"/>'s text.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Upper bounds of the latency histogram's buckets, in seconds.</summary>
    public static readonly double[] LatencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly ConcurrentDictionary<(string Endpoint, int Status), StrongBox<long>> requests = new();
    private readonly long[] errors = new long[ErrorReason.All.Length];
    private readonly long[] latencyCounts = new long[LatencyBuckets.Length + 1];
    private readonly Lock latencyLock = new();
    private double latencySum;
    private long latencyCount;
    private long inFlight;

    /// <summary>A request to one of the service's endpoints began; dispose the result when it ends.</summary>
    public InFlight Begin() => new(this);

    /// <summary>Counts a finished request.</summary>
    public void Request(string endpoint, int status)
        => Interlocked.Increment(ref requests.GetOrAdd((endpoint, status), _ => new StrongBox<long>()).Value);

    /// <summary>Counts a request that did not succeed (<see cref="ErrorReason"/>).</summary>
    public void Error(string reason)
    {
        int index = Array.IndexOf(ErrorReason.All, reason);
        if (index < 0) throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown error reason.");
        Interlocked.Increment(ref errors[index]);
    }

    /// <summary>Records how long a prediction request took, from its arrival to its answer.</summary>
    public void PredictLatency(TimeSpan elapsed)
    {
        double seconds = elapsed.TotalSeconds;
        int bucket = 0;
        while (bucket < LatencyBuckets.Length && seconds > LatencyBuckets[bucket]) bucket++;
        lock (latencyLock)
        {
            latencyCounts[bucket]++;
            latencySum += seconds;
            latencyCount++;
        }
    }

    /// <summary>Writes every metric in the text format.</summary>
    public string Write(PredictionGate gate, string? modelKind)
    {
        var text = new StringBuilder(4096);
        Family(text, "musicgenre_http_requests_total", "counter", "Requests handled by the genre prediction endpoints, by endpoint and status code.");
        foreach (var ((endpoint, status), count) in requests.OrderBy(r => r.Key.Endpoint, StringComparer.Ordinal).ThenBy(r => r.Key.Status))
            Sample(text, "musicgenre_http_requests_total", $"endpoint=\"{Escape(endpoint)}\",code=\"{status}\"", Interlocked.Read(ref count.Value));

        Family(text, "musicgenre_http_request_errors_total", "counter", "Prediction requests that did not succeed, by reason.");
        for (int i = 0; i < errors.Length; i++)
            Sample(text, "musicgenre_http_request_errors_total", $"reason=\"{ErrorReason.All[i]}\"", Interlocked.Read(ref errors[i]));

        Family(text, "musicgenre_predict_duration_seconds", "histogram", "Time from a prediction request's arrival to its answer (upload, queue, decode, classify).");
        long[] counts;
        double sum;
        long total;
        lock (latencyLock)
        {
            counts = (long[])latencyCounts.Clone();
            sum = latencySum;
            total = latencyCount;
        }
        long cumulative = 0;
        for (int i = 0; i < LatencyBuckets.Length; i++)
        {
            cumulative += counts[i];
            Sample(text, "musicgenre_predict_duration_seconds_bucket", $"le=\"{Number(LatencyBuckets[i])}\"", cumulative);
        }
        Sample(text, "musicgenre_predict_duration_seconds_bucket", "le=\"+Inf\"", total);
        text.Append("musicgenre_predict_duration_seconds_sum ").Append(Number(sum)).Append('\n');
        text.Append("musicgenre_predict_duration_seconds_count ").Append(total).Append('\n');

        Family(text, "musicgenre_http_requests_in_flight", "gauge", "Requests being handled by the genre prediction endpoints now.");
        Sample(text, "musicgenre_http_requests_in_flight", null, Interlocked.Read(ref inFlight));
        Family(text, "musicgenre_predictions_running", "gauge", "Predictions (decode + classify) running now.");
        Sample(text, "musicgenre_predictions_running", null, gate.Running);
        Family(text, "musicgenre_predictions_waiting", "gauge", "Prediction requests admitted but not running: receiving their upload or waiting for a slot.");
        Sample(text, "musicgenre_predictions_waiting", null, gate.Waiting);
        Family(text, "musicgenre_prediction_slots", "gauge", "How many predictions may run at once (the concurrency limit).");
        Sample(text, "musicgenre_prediction_slots", null, gate.Concurrency);
        Family(text, "musicgenre_model_loaded", "gauge", "1 once the model is loaded, by model kind.");
        Sample(text, "musicgenre_model_loaded", modelKind is null ? null : $"kind=\"{Escape(modelKind)}\"", modelKind is null ? 0 : 1);
        return text.ToString();
    }

    private static void Family(StringBuilder text, string name, string type, string help)
        => text.Append("# HELP ").Append(name).Append(' ').Append(help).Append("\n# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Sample(StringBuilder text, string name, string? labels, long value)
    {
        text.Append(name);
        if (labels is not null) text.Append('{').Append(labels).Append('}');
        text.Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A label value escaped as the format requires (backslash, quote, newline).</summary>
    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>Counts one request in flight until disposed.</summary>
    public readonly struct InFlight : IDisposable
    {
        private readonly ServiceMetrics metrics;

        public InFlight(ServiceMetrics metrics)
        {
            this.metrics = metrics;
            Interlocked.Increment(ref metrics.inFlight);
        }

        public void Dispose() => Interlocked.Decrement(ref metrics.inFlight);
    }
}
