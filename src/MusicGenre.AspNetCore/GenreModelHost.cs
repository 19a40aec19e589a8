using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MusicGenre.AspNetCore;

/// <summary>
/// Holds the served model: loads it when the host starts (a model that cannot be loaded stops the host from starting,
/// with the loader's typed error), counts the predictions using it, and disposes it when the host is disposed, after
/// the last of them has ended (a timed-out prediction may still run after its request has had its 503).
/// </summary>
internal sealed class GenreModelHost(string modelPath, GenrePredictorOptions? predictorOptions, ILogger<GenreModelHost> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan DisposeWait = TimeSpan.FromSeconds(30);
    private GenrePredictor? predictor;
    private int users;
    private int disposed;

    /// <summary>The model file's name, without its folder (what the service shows of the path).</summary>
    public string FileName { get; } = Path.GetFileName(modelPath);

    /// <summary>The loaded predictor, or null while it loads (or once disposed).</summary>
    public GenrePredictor? Predictor => Volatile.Read(ref disposed) != 0 ? null : Volatile.Read(ref predictor);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref predictor) is not null) return;
        var started = Stopwatch.StartNew();
        var loaded = await Task.Run(() => GenrePredictor.Load(modelPath, predictorOptions), cancellationToken).ConfigureAwait(false);
        if (Interlocked.CompareExchange(ref predictor, loaded, null) is not null) loaded.Dispose();
        logger.LogInformation("Genre model {File} loaded in {Seconds:0.0} s: {Kind}, {Count} genres", FileName, started.Elapsed.TotalSeconds, loaded.Kind, loaded.Genres.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Takes the predictor for one prediction: it is not disposed before <see cref="EndUse"/>; false (and null) while there is none.</summary>
    public bool TryUse(out GenrePredictor? user)
    {
        Interlocked.Increment(ref users);
        user = Predictor;
        if (user is not null) return true;
        Interlocked.Decrement(ref users);
        return false;
    }

    /// <summary>Ends a use begun by <see cref="TryUse"/>.</summary>
    public void EndUse() => Interlocked.Decrement(ref users);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0) return;
        var waited = Stopwatch.StartNew();
        while (Volatile.Read(ref users) > 0 && waited.Elapsed < DisposeWait) Thread.Sleep(10);
        if (Volatile.Read(ref users) > 0)
        {
            logger.LogWarning("Genre model {File} not freed: {Count} prediction(s) still running after {Seconds} s", FileName, Volatile.Read(ref users), DisposeWait.TotalSeconds);
            return;
        }
        Interlocked.Exchange(ref predictor, null)?.Dispose();
    }
}
