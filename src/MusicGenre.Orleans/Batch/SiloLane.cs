using MusicGenre.Orleans.Grains;
using Orleans.Runtime;

namespace MusicGenre.Orleans.Batch;

/// <summary>
/// The client's line to one silo: as many calls in flight as the silo has workers (times
/// <see cref="GenreBatchOptions.InFlightPerWorker"/>), each taking the next track from the run's queue, and a check of
/// the silo every <see cref="GenreBatchOptions.HealthInterval"/>. Retiring the lane abandons its calls; their tracks
/// go back to the queue for the other silos.
/// </summary>
internal sealed class SiloLane
{
    private readonly BatchRun run;
    private readonly CancellationTokenSource stop;
    private int consecutiveFaults;
    private Task[] tasks = [];

    public SiloLane(BatchRun run, SiloAddress address, IGenreClassifierGrain grain, GenreSiloInfo info, CancellationToken runStopping)
    {
        this.run = run;
        Address = address;
        Grain = grain;
        Info = info;
        stop = CancellationTokenSource.CreateLinkedTokenSource(runStopping);
    }

    public SiloAddress Address { get; }

    public IGenreClassifierGrain Grain { get; }

    public GenreSiloInfo Info { get; }

    public bool Retired => stop.IsCancellationRequested;

    public void Start()
    {
        var calls = Info.Workers * run.Options.InFlightPerWorker;
        tasks = [.. Enumerable.Range(0, calls).Select(_ => Task.Run(PullAsync)), Task.Run(MonitorAsync)];
    }

    /// <summary>Stops the lane; returns false when it was already stopped.</summary>
    public bool Retire()
    {
        if (stop.IsCancellationRequested) return false;
        stop.Cancel();
        return true;
    }

    /// <summary>Counts a failure of the silo itself on a track; true when it has failed too many tracks in a row to keep.</summary>
    public bool CountFault() => Interlocked.Increment(ref consecutiveFaults) >= 5;

    public Task Completion => Task.WhenAll(tasks);

    private async Task PullAsync()
    {
        var queue = run.Queue;
        while (!stop.IsCancellationRequested)
        {
            WorkItem item;
            try
            {
                item = await queue.ReadAsync(stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or System.Threading.Channels.ChannelClosedException)
            {
                return;
            }
            if (item.FailedOn.Contains(Info.Address) && run.LaneCount > 1)
            {
                // Failed here before: leave it to another silo.
                run.Requeue(item);
                await Task.Delay(50, CancellationToken.None).ConfigureAwait(false);
                continue;
            }
            var routesLost = run.RoutesLost; // this call's route: gateways alive when it is sent
            var call = Grain.ClassifyAsync(item.Path);
            TrackClassification result;
            try
            {
                using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stop.Token, routesLost);
                result = await call.WaitAsync(run.Options.TrackTimeout, waiting.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (routesLost.IsCancellationRequested && !stop.IsCancellationRequested)
            {
                // Another silo stopped while this call was out. A client's call to this silo may travel through any
                // silo's gateway, and when that gateway dies the answer never comes back (Orleans would wait for its
                // response timeout). So the track is sent again; if the first answer still arrives, it is kept.
                _ = call.ContinueWith(t => Complete(item, t.Result), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
                run.Resend(item);
                continue;
            }
            catch (Exception e)
            {
                run.OnSiloFailure(this, item, e);
                continue;
            }
            Volatile.Write(ref consecutiveFaults, 0);
            Complete(item, result);
        }
    }

    private void Complete(WorkItem item, TrackClassification result) => run.Complete(item, result with { Path = item.Path, Attempts = item.Attempts + 1 });

    private async Task MonitorAsync()
    {
        int slow = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(run.Options.HealthInterval, stop.Token).ConfigureAwait(false);
                await Grain.GetInfoAsync().WaitAsync(run.Options.HealthTimeout, stop.Token).ConfigureAwait(false);
                slow = 0;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (TimeoutException)
            {
                if (++slow >= 2) run.RetireLane(this, $"did not answer two checks within {run.Options.HealthTimeout.TotalSeconds:0} s");
            }
            catch (Exception e)
            {
                run.RetireLane(this, $"failed a check ({e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")})");
            }
        }
    }
}
