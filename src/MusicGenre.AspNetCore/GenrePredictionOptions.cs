namespace MusicGenre.AspNetCore;

/// <summary>
/// How the genre prediction endpoints run: upload size, concurrency, queue, time limits and where the endpoints live.
/// Settings only; <see cref="Validate"/> lists every invalid one at once. <c>AddGenrePrediction</c> copies the object,
/// so changing it afterwards changes nothing.
/// </summary>
public sealed class GenrePredictionOptions
{
    /// <summary>Default values.</summary>
    public static class Defaults
    {
        /// <summary>Default <see cref="GenrePredictionOptions.MaxUploadMegabytes"/>: 50 MiB.</summary>
        public const int MaxUploadMegabytes = 50;

        /// <summary>Default <see cref="GenrePredictionOptions.QueueLength"/>: 32 requests.</summary>
        public const int QueueLength = 32;

        /// <summary>Default <see cref="GenrePredictionOptions.QueueTimeout"/>: 10 s.</summary>
        public static readonly TimeSpan QueueTimeout = TimeSpan.FromSeconds(10);

        /// <summary>Default <see cref="GenrePredictionOptions.PredictionTimeout"/>: 30 s.</summary>
        public static readonly TimeSpan PredictionTimeout = TimeSpan.FromSeconds(30);

        /// <summary>Default <see cref="GenrePredictionOptions.UploadTimeout"/>: 120 s.</summary>
        public static readonly TimeSpan UploadTimeout = TimeSpan.FromSeconds(120);

        /// <summary>Default <see cref="GenrePredictionOptions.RetryAfter"/>: 2 s.</summary>
        public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);

        /// <summary>Default <see cref="GenrePredictionOptions.HealthPath"/>.</summary>
        public const string HealthPath = "/healthz";

        /// <summary>Default <see cref="GenrePredictionOptions.MetricsPath"/>.</summary>
        public const string MetricsPath = "/metrics";

        /// <summary>Default <see cref="GenrePredictionOptions.PagePath"/>.</summary>
        public const string PagePath = "/";
    }

    /// <summary>Bytes in one of <see cref="MaxUploadMegabytes"/>' megabytes (1 MiB).</summary>
    public const long BytesPerMegabyte = 1L << 20;

    /// <summary>
    /// The largest audio file accepted, in MiB (1,048,576 bytes); default 50. A bigger upload gets 413: at once when
    /// its <c>Content-Length</c> says so, else as soon as the count of bytes received passes the limit (the rest is
    /// never read into memory). A multipart form may carry up to 64 KiB more for its headers and other fields.
    /// </summary>
    public int MaxUploadMegabytes { get; set; } = Defaults.MaxUploadMegabytes;

    /// <summary>
    /// How many predictions (decode + classify) run at once; default null: one per processor
    /// (<see cref="Environment.ProcessorCount"/>). The networks themselves run one forward pass at a time on all of
    /// torch's threads, so more than the processor count buys nothing.
    /// </summary>
    public int? Concurrency { get; set; }

    /// <summary>
    /// How many more requests may wait, receiving their upload or for a free prediction slot, beyond the
    /// <see cref="Concurrency"/> that run; default 32. A request beyond both gets 503 with <c>Retry-After</c> at once,
    /// before its body is read (this also bounds the memory uploads take: (concurrency + queue) × the upload limit).
    /// </summary>
    public int QueueLength { get; set; } = Defaults.QueueLength;

    /// <summary>The longest a received upload waits for a free prediction slot before 503 with <c>Retry-After</c>; default 10 s.</summary>
    public TimeSpan QueueTimeout { get; set; } = Defaults.QueueTimeout;

    /// <summary>
    /// The time limit of decoding and classifying one upload; default 30 s. Past it the request gets 503 and the work
    /// is cancelled (its prediction slot stays taken until the work has actually stopped).
    /// </summary>
    public TimeSpan PredictionTimeout { get; set; } = Defaults.PredictionTimeout;

    /// <summary>
    /// The longest the whole upload may take to arrive; default 120 s. Past it the request gets 408 and the connection
    /// is closed. Kestrel's own <c>MinRequestBodyDataRate</c> (240 bytes/s after a 5 s grace period by default) cuts
    /// off clients that trickle far sooner.
    /// </summary>
    public TimeSpan UploadTimeout { get; set; } = Defaults.UploadTimeout;

    /// <summary>What a 503 advises in its <c>Retry-After</c> header (rounded up to whole seconds); default 2 s.</summary>
    public TimeSpan RetryAfter { get; set; } = Defaults.RetryAfter;

    /// <summary>How the model is loaded and how uploads are analysed (device, <see cref="GenrePredictorOptions.Analysis"/>); null for the defaults.</summary>
    public GenrePredictorOptions? Predictor { get; set; }

    /// <summary>Where the health check lives (200 once the model is loaded, 503 before); default <c>/healthz</c>; null: not mapped.</summary>
    public string? HealthPath { get; set; } = Defaults.HealthPath;

    /// <summary>Where the Prometheus metrics live; default <c>/metrics</c>; null: not mapped.</summary>
    public string? MetricsPath { get; set; } = Defaults.MetricsPath;

    /// <summary>Where the browser page lives; default <c>/</c>; null: not mapped.</summary>
    public string? PagePath { get; set; } = Defaults.PagePath;

    /// <summary>The upload limit in bytes.</summary>
    public long MaxUploadBytes => MaxUploadMegabytes * BytesPerMegabyte;

    /// <summary><see cref="Concurrency"/>, or the processor count when it is null.</summary>
    public int EffectiveConcurrency => Concurrency ?? Environment.ProcessorCount;

    /// <summary>Throws one <see cref="ArgumentException"/> listing every invalid option.</summary>
    /// <exception cref="ArgumentException">At least one option is out of range.</exception>
    public void Validate()
    {
        var problems = new List<string>();
        if (MaxUploadMegabytes is < 1 or > 2047) problems.Add($"MaxUploadMegabytes must be 1..2047 MiB (got {MaxUploadMegabytes}).");
        if (Concurrency is < 1 or > 1024) problems.Add($"Concurrency must be null or 1..1024 (got {Concurrency}).");
        if (QueueLength is < 0 or > 100_000) problems.Add($"QueueLength must be 0..100000 (got {QueueLength}).");
        Positive(QueueTimeout, nameof(QueueTimeout), problems, allowZero: true);
        Positive(PredictionTimeout, nameof(PredictionTimeout), problems, allowZero: false);
        Positive(UploadTimeout, nameof(UploadTimeout), problems, allowZero: false);
        Positive(RetryAfter, nameof(RetryAfter), problems, allowZero: true);
        Path(HealthPath, nameof(HealthPath), problems);
        Path(MetricsPath, nameof(MetricsPath), problems);
        Path(PagePath, nameof(PagePath), problems);
        try
        {
            Predictor?.Validate();
        }
        catch (ArgumentException e)
        {
            problems.Add(e.Message);
        }
        if (problems.Count > 0) throw new ArgumentException("Invalid genre prediction options: " + string.Join(" ", problems));
    }

    /// <summary>A copy (the predictor options copied too).</summary>
    internal GenrePredictionOptions Clone()
    {
        var copy = (GenrePredictionOptions)MemberwiseClone();
        copy.Predictor = Predictor is null ? null : new GenrePredictorOptions { Device = Predictor.Device, MaxDegreeOfParallelism = Predictor.MaxDegreeOfParallelism, Analysis = Predictor.Analysis };
        return copy;
    }

    private static void Positive(TimeSpan value, string name, List<string> problems, bool allowZero)
    {
        if (value < TimeSpan.Zero || (!allowZero && value == TimeSpan.Zero) || value > TimeSpan.FromDays(1))
            problems.Add($"{name} must be {(allowZero ? "0" : "more than 0")} to 1 day (got {value}).");
    }

    private static void Path(string? path, string name, List<string> problems)
    {
        if (path is not null && (!path.StartsWith('/') || path.Contains('?') || path.Contains('#') || path.Contains('{')))
            problems.Add($"{name} must be null or a path that starts with '/' (got '{path}').");
    }
}
