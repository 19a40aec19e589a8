namespace MusicGenre.Orleans.Batch;

/// <summary>How a batch run shards, retries and reports (settings only).</summary>
public sealed class GenreBatchOptions
{
    /// <summary>Calls in flight per silo worker: above 1 a silo always has the next track waiting while it works; default 2.</summary>
    public int InFlightPerWorker { get; set; } = 2;

    /// <summary>How many silos may fail while holding a track before it is written with an error instead of retried again; default 3.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The longest one track may take, queue time included, before its silo is suspected; default 5 minutes.</summary>
    public TimeSpan TrackTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often each silo is checked (a silo killed mid-run is noticed within about two of these); default 2 s.</summary>
    public TimeSpan HealthInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a check of a silo may take before it counts as failed; default 10 s.</summary>
    public TimeSpan HealthTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the run waits with no silo serving its model before it fails; default 2 minutes.</summary>
    public TimeSpan NoSiloTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often progress is reported; default 1 s.</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The model the run must use (<c>GenreSiloInfo.Model</c>); null: the one already in the output, else that of the first silo found.</summary>
    public string? Model { get; set; }

    /// <summary>A copy.</summary>
    internal GenreBatchOptions Clone() => (GenreBatchOptions)MemberwiseClone();

    /// <summary>Throws one <see cref="ArgumentException"/> listing every invalid option.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (InFlightPerWorker is < 1 or > 64) problems.Add($"InFlightPerWorker must be 1..64 (got {InFlightPerWorker}).");
        if (MaxAttempts is < 1 or > 100) problems.Add($"MaxAttempts must be 1..100 (got {MaxAttempts}).");
        foreach (var (name, value) in new[] { (nameof(TrackTimeout), TrackTimeout), (nameof(HealthInterval), HealthInterval), (nameof(HealthTimeout), HealthTimeout), (nameof(NoSiloTimeout), NoSiloTimeout), (nameof(ProgressInterval), ProgressInterval) })
            if (value <= TimeSpan.Zero) problems.Add($"{name} must be positive (got {value}).");
        if (problems.Count > 0) throw new ArgumentException("Invalid batch options: " + string.Join(" ", problems));
    }
}
