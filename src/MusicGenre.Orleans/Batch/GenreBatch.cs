using MusicGenre.Orleans.Results;
using Orleans;

namespace MusicGenre.Orleans.Batch;

/// <summary>
/// Classifies a list of tracks on a genre cluster and writes one row per track to a <see cref="BatchResultFile"/>:
/// tracks are shared out over every silo that serves the model (silos that join during the run get work, silos that
/// leave or die have their tracks in flight moved to the others), and tracks already in the output are skipped, so
/// running it again after a crash resumes.
/// </summary>
/// <example><code>
/// var tracks = GenreBatchInput.Read("music/");
/// using var output = BatchResultFile.Open("results.csv");
/// var summary = await GenreBatch.RunAsync(client, tracks, output);
/// Console.WriteLine($"{summary.Done} tracks, {summary.Failed} failed, {summary.TracksPerSecond:0.0} tracks/s");
/// </code></example>
public static class GenreBatch
{
    /// <summary>Runs the batch until every track has a row, the run is cancelled, or no silo serves the model for <see cref="GenreBatchOptions.NoSiloTimeout"/>.</summary>
    /// <param name="cluster">A connected cluster client (or any grain factory of the cluster).</param>
    /// <param name="tracks">The tracks' paths, as the silos read them; repeated paths are classified once. A collection is
    /// queued whole before the first call (progress knows the total); any other enumeration is read while the silos
    /// work, so a long manifest can stream in (progress then counts the tracks read so far).</param>
    /// <param name="output">The result file (rows already there are skipped).</param>
    /// <param name="options">Sharding, retries and timeouts; null for the defaults.</param>
    /// <param name="progress">Receives the state every <see cref="GenreBatchOptions.ProgressInterval"/> and at the end.</param>
    /// <param name="cancellationToken">Stops the run; rows written so far stay, and the next run resumes after them.</param>
    /// <exception cref="GenreBatchException">No silo served the model in time, or the output belongs to another model or cannot be written.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    public static Task<GenreBatchSummary> RunAsync(IGrainFactory cluster, IEnumerable<string> tracks, BatchResultFile output, GenreBatchOptions? options = null,
        IProgress<GenreBatchProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(tracks);
        ArgumentNullException.ThrowIfNull(output);
        var copy = options?.Clone() ?? new GenreBatchOptions();
        copy.Validate();
        return new BatchRun(cluster, output, copy, progress).RunAsync(tracks, cancellationToken);
    }
}
