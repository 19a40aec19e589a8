using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using MusicGenre.Audio;
using MusicGenre.Orleans.Grains;
using Orleans;
using Orleans.Runtime;

namespace MusicGenre.Orleans.Silo;

/// <summary>
/// The silo's one <see cref="GenrePredictor"/> (loaded when the silo starts, before it joins the cluster) and the
/// slots that bound how many tracks it classifies at once. Decoding and features run in parallel on the workers; the
/// predictor runs one network forward pass at a time on all of torch's threads.
/// </summary>
internal sealed class GenreClassifierWorker : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private readonly GenrePredictor predictor;
    private readonly SemaphoreSlim slots;
    private readonly CancellationTokenSource stopping = new();
    private readonly ILogger logger;
    private int disposed;

    public GenreClassifierWorker(GenreSiloOptions options, ILocalSiloDetails silo, ILogger<GenreClassifierWorker> logger)
    {
        this.logger = logger;
        var path = Path.GetFullPath(options.ModelPath);
        var watch = Stopwatch.StartNew();
        predictor = GenrePredictor.Load(path, options.Predictor);
        var workers = options.EffectiveWorkers;
        slots = new SemaphoreSlim(workers, workers);
        Info = new GenreSiloInfo(silo.Name, silo.SiloAddress.ToParsableString(), ModelIdentity(path, predictor.Kind), predictor.Kind, [.. predictor.Genres], workers);
        logger.LogInformation("Loaded {Model} in {Seconds:0.0} s; classifying {Workers} tracks at once", Info.Model, watch.Elapsed.TotalSeconds, workers);
    }

    public GenreSiloInfo Info { get; }

    /// <summary>Classifies one track: its own failure is a result with an error; a failure of the silo throws <see cref="GenreSiloFaultException"/>.</summary>
    public async Task<TrackClassification> ClassifyAsync(string path)
    {
        await slots.WaitAsync(stopping.Token).ConfigureAwait(false);
        try
        {
            // Off the grain's turn: decoding and the network are long, synchronous CPU work.
            return await Task.Run(() => Classify(path), stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            throw new GenreSiloFaultException($"Silo {Info.Silo} is shutting down; {path} was not classified.");
        }
        finally
        {
            slots.Release();
        }
    }

    public void Participate(ISiloLifecycle lifecycle)
        // Stop taking work as soon as the silo starts shutting down, so the client moves the tracks elsewhere.
        => lifecycle.Subscribe(nameof(GenreClassifierWorker), ServiceLifecycleStage.Active, _ => Task.CompletedTask, _ =>
        {
            stopping.Cancel();
            return Task.CompletedTask;
        });

    /// <summary>Frees the predictor; idempotent (the container disposes the worker once per registration: as itself and as the lifecycle participant).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0) return;
        stopping.Cancel();
        predictor.Dispose();
        slots.Dispose();
        stopping.Dispose();
    }

    private TrackClassification Classify(string path)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            var prediction = predictor.Predict(path, stopping.Token);
            return new TrackClassification
            {
                Path = path,
                Genre = prediction.Genre,
                Probability = prediction.Probability,
                Scores = [.. prediction.Scores.Select(s => new TrackGenreScore(s.Genre, s.Probability))],
                Model = Info.Model,
                Silo = Info.Silo,
                Elapsed = watch.Elapsed,
            };
        }
        catch (Exception e) when (IsTrackFault(e))
        {
            return new TrackClassification { Path = path, Model = Info.Model, Silo = Info.Silo, Elapsed = watch.Elapsed, Error = OneLine(e.Message) };
        }
        catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            logger.LogWarning(e, "Could not classify {Path}", path);
            throw new GenreSiloFaultException($"Silo {Info.Silo} failed on {path}: {e.GetType().Name}: {OneLine(e.Message)}");
        }
    }

    /// <summary>
    /// Failures that belong to the track: retrying it on another silo would fail the same way. Everything else (a
    /// generic I/O error of the storage, out of memory, a predictor disposed by a shutdown) is the silo's.
    /// </summary>
    internal static bool IsTrackFault(Exception e) => e is AudioFormatException or FileNotFoundException or DirectoryNotFoundException
        or UnauthorizedAccessException or PathTooLongException or ArgumentException or InvalidDataException or NotSupportedException;

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    /// <summary>kind/file-name@sha256-prefix: equal on every silo that loaded the same file, different for a retrained model.</summary>
    private static string ModelIdentity(string path, string kind)
    {
        using var stream = File.OpenRead(path);
        var hash = Convert.ToHexStringLower(SHA256.HashData(stream));
        return $"{kind}/{Path.GetFileName(path)}@{hash[..12]}";
    }
}
