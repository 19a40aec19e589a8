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
            TrackClassification result;
            try
            {
                result = await Grain.ClassifyAsync(item.Path).WaitAsync(run.Options.TrackTimeout, stop.Token).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                run.OnSiloFailure(this, item, e);
                continue;
            }
            Volatile.Write(ref consecutiveFaults, 0);
            run.Complete(item, result with { Path = item.Path, Attempts = item.Attempts + 1 });
        }
    }

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
