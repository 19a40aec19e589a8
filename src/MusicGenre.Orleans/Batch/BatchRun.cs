using System.Diagnostics;
using System.Threading.Channels;
using MusicGenre.Orleans.Grains;
using MusicGenre.Orleans.Results;
using MusicGenre.Orleans.Silo;
using Orleans;
using Orleans.Runtime;

namespace MusicGenre.Orleans.Batch;

/// <summary>
/// One batch run: the queue of tracks still to be written, a <see cref="SiloLane"/> per silo that serves the run's
/// model, the discovery of silos that join or leave, and the writer of the output.
/// </summary>
/// <remarks>
/// Exactly once: a track leaves the queue only to one lane at a time; it is either completed (its result, or its own
/// error, goes to the writer once: later results for the same path are dropped) or, when its silo fails, put back for
/// another silo, at most <see cref="GenreBatchOptions.MaxAttempts"/> times before it is written with the silos'
/// errors. Tracks already in the output are never queued.
/// </remarks>
internal sealed class BatchRun
{
    private readonly IGrainFactory grains;
    private readonly BatchResultFile output;
    private readonly IProgress<GenreBatchProgress>? progress;
    private readonly Channel<WorkItem> queue = Channel.CreateUnbounded<WorkItem>();
    private readonly Channel<TrackClassification> results = Channel.CreateUnbounded<TrackClassification>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource stopping = new();
    private CancellationTokenSource routesLost = new();
    private readonly Stopwatch clock = new();
    private readonly object gate = new();
    private readonly HashSet<string> written = new(StringComparer.Ordinal);
    private readonly Dictionary<SiloAddress, SiloLane> lanes = [];
    private readonly Dictionary<SiloAddress, TimeSpan> benched = [];
    private readonly List<SiloLane> allLanes = [];
    private readonly Dictionary<string, int> silosUsed = new(StringComparer.Ordinal);
    private readonly List<string> events = [];
    private int eventsReported;
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);
    private int total, skipped, duplicates, done, failed, retried, resent, outstanding;
    private bool inputDone;
    private string? model;

    public BatchRun(IGrainFactory grains, BatchResultFile output, GenreBatchOptions options, IProgress<GenreBatchProgress>? progress)
    {
        this.grains = grains;
        this.output = output;
        Options = options;
        this.progress = progress;
    }

    public GenreBatchOptions Options { get; }

    public ChannelReader<WorkItem> Queue => queue.Reader;

    public int LaneCount
    {
        get { lock (gate) return lanes.Count; }
    }

    public async Task<GenreBatchSummary> RunAsync(IEnumerable<string> tracks, CancellationToken cancellationToken)
    {
        clock.Start();
        model = Options.Model;
        if (output.Model is { } existing)
        {
            if (model is not null && model != existing)
                throw new GenreBatchException($"{output.Path} holds results of {existing}, not of {model}. Choose another --out.");
            model = existing;
        }
        if (tracks is IReadOnlyCollection<string>) Feed(tracks); // a list: every track is queued (and counted) before the first call

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping.Token);
        // An enumeration (a manifest read as it goes) is fed to the queue while the silos work on what it gave so far.
        var feeder = inputDone ? Task.CompletedTask : Task.Factory.StartNew(() => Feed(tracks), linked.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        _ = feeder.ContinueWith(t => finished.TrySetException(t.Exception!.InnerExceptions), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        lock (gate)
        {
            if (inputDone && outstanding == 0) return Summary();
        }

        var writer = Task.Run(WriteAsync, CancellationToken.None);
        var discovery = Task.Run(() => DiscoverAsync(linked.Token), CancellationToken.None);
        var reporter = Task.Run(() => ReportAsync(linked.Token), CancellationToken.None);
        try
        {
            await finished.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            stopping.Cancel();
            List<SiloLane> started;
            lock (gate) started = [.. allLanes];
            foreach (var lane in started) lane.Retire();
            await Quietly(Task.WhenAll([discovery, reporter, .. started.Select(l => l.Completion)])).ConfigureAwait(false);
            results.Writer.TryComplete();
            await Quietly(writer).ConfigureAwait(false); // a failure of the writer has already failed the run
            progress?.Report(Snapshot());
        }
        return Summary();
    }

    /// <summary>Writes a track's row once; a second result for the same track (a retried call that also came back) is dropped.</summary>
    public void Complete(WorkItem item, TrackClassification row)
    {
        lock (gate)
        {
            if (!written.Add(item.Path)) return;
            done++;
            if (!row.Succeeded) failed++;
            if (row.Silo.Length > 0) silosUsed[row.Silo] = silosUsed.GetValueOrDefault(row.Silo) + 1;
            results.Writer.TryWrite(row);
            if (--outstanding > 0 || !inputDone) return;
        }
        queue.Writer.TryComplete();
        finished.TrySetResult();
    }

    public void Requeue(WorkItem item) => queue.Writer.TryWrite(item);

    /// <summary>Cancelled when a silo stops getting tracks: calls sent before then may have travelled through its gateway.</summary>
    public CancellationToken RoutesLost
    {
        get { lock (gate) return routesLost.Token; }
    }

    /// <summary>Sends a track again whose call may have lost its route (see <see cref="RoutesLost"/>); not an attempt: no silo failed on it.</summary>
    public void Resend(WorkItem item)
    {
        lock (gate)
            if (written.Contains(item.Path)) return;
        Interlocked.Increment(ref resent);
        Requeue(item);
    }

    /// <summary>Queues the tracks not yet in the output, once each; the run can finish only after the last one.</summary>
    private void Feed(IEnumerable<string> tracks)
    {
        foreach (var track in tracks)
        {
            if (stopping.IsCancellationRequested) return;
            if (string.IsNullOrWhiteSpace(track)) continue;
            lock (gate)
            {
                if (!seen.Add(track)) duplicates++;
                else if (output.Completed.Contains(track)) skipped++;
                else
                {
                    outstanding++;
                    queue.Writer.TryWrite(new WorkItem(track));
                }
                total = seen.Count;
            }
        }
        lock (gate)
        {
            inputDone = true;
            if (outstanding > 0) return;
        }
        queue.Writer.TryComplete();
        finished.TrySetResult();
    }

    /// <summary>A call failed for a reason that is the silo's, not the track's: the track goes to another silo, or is written with the error after too many attempts.</summary>
    public void OnSiloFailure(SiloLane lane, WorkItem item, Exception error)
    {
        if (stopping.IsCancellationRequested) return; // the run is ending; an unwritten track is done by the next run
        item.FailedOn.Add(lane.Info.Address);
        item.LastError = $"{lane.Info.Silo}: {Describe(error)}";
        if (item.Attempts >= Options.MaxAttempts)
        {
            Complete(item, new TrackClassification
            {
                Path = item.Path, Model = model ?? "", Silo = lane.Info.Silo, Attempts = item.Attempts,
                Error = $"not classified: {item.Attempts} silo(s) failed while holding the track; last: {item.LastError}",
            });
        }
        else
        {
            Interlocked.Increment(ref retried);
            Requeue(item);
        }
        if (lane.Retired) return;
        if (error is GenreSiloFaultException)
        {
            if (lane.CountFault()) RetireLane(lane, $"failed 5 tracks in a row (last: {error.Message})");
        }
        else if (error is not TimeoutException)
        {
            // Unreachable (left, killed, connection refused): stop sending to it; the discovery brings it back if it answers again.
            RetireLane(lane, Describe(error));
        }
    }

    public void RetireLane(SiloLane lane, string reason)
    {
        if (!lane.Retire()) return;
        CancellationTokenSource lost;
        lock (gate)
        {
            if (lanes.TryGetValue(lane.Address, out var current) && current == lane) lanes.Remove(lane.Address);
            benched[lane.Address] = clock.Elapsed;
            (lost, routesLost) = (routesLost, new CancellationTokenSource());
        }
        Event($"silo {lane.Info.Silo} stopped getting tracks: {reason}; its tracks in flight go to the other silos");
        lost.Cancel(); // the other silos' calls in flight are sent again (the first answer to come back is kept)
    }

    private async Task DiscoverAsync(CancellationToken cancellationToken)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var lastWithSilo = clock.Elapsed;
        string? lastProblem = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var hosts = await management.GetHosts(onlyActive: true).WaitAsync(Options.HealthTimeout, cancellationToken).ConfigureAwait(false);
                List<SiloLane> gone;
                List<SiloAddress> candidates;
                lock (gate)
                {
                    gone = [.. lanes.Values.Where(l => !hosts.TryGetValue(l.Address, out var status) || status != SiloStatus.Active)];
                    var benchTime = 5 * Options.HealthInterval;
                    candidates = [.. hosts.Where(h => h.Value == SiloStatus.Active && !lanes.ContainsKey(h.Key)
                        && (!benched.TryGetValue(h.Key, out var since) || clock.Elapsed - since >= benchTime)).Select(h => h.Key)];
                }
                foreach (var lane in gone) RetireLane(lane, "left the cluster");
                await Task.WhenAll(candidates.Select(c => TryAddLaneAsync(c, cancellationToken))).ConfigureAwait(false);
                lastProblem = null;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The membership could not be read (its grain was on a silo that just died, for instance): keep the lanes and try again.
                var problem = Describe(e);
                if (problem != lastProblem) Event($"could not read the cluster's silos: {problem}");
                lastProblem = problem;
            }
            int count;
            lock (gate) count = lanes.Count;
            if (count > 0) lastWithSilo = clock.Elapsed;
            else if (clock.Elapsed - lastWithSilo > Options.NoSiloTimeout)
            {
                finished.TrySetException(new GenreBatchException(
                    $"No silo serving {model ?? "a genre model"} answered for {Options.NoSiloTimeout.TotalSeconds:0} s; {outstanding} track(s) are not done. Start silos ('musicgenre silo --model ... --cluster ...') and run the same command again: it resumes."));
                return;
            }
            try
            {
                await Task.Delay(Options.HealthInterval, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task TryAddLaneAsync(SiloAddress address, CancellationToken cancellationToken)
    {
        var grain = grains.GetGrain<IGenreClassifierGrain>(address.ToParsableString());
        GenreSiloInfo info;
        try
        {
            info = await grain.GetInfoAsync().WaitAsync(Options.HealthTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            lock (gate) benched[address] = clock.Elapsed;
            Event($"silo {address} did not answer ({Describe(e)}); asking again later");
            return;
        }
        SiloLane lane;
        lock (gate)
        {
            if (cancellationToken.IsCancellationRequested || lanes.ContainsKey(address)) return;
            model ??= info.Model;
            if (info.Model != model)
            {
                benched[address] = clock.Elapsed;
                lane = null!;
            }
            else
            {
                lane = new SiloLane(this, address, grain, info, stopping.Token);
                lanes[address] = lane;
                allLanes.Add(lane);
                benched.Remove(address);
            }
        }
        if (lane is null)
        {
            Event($"silo {info.Silo} serves {info.Model}, not {model}: not used");
            return;
        }
        Event($"silo {info.Silo} joined ({info.Workers} workers, {info.Model})");
        lane.Start();
    }

    private async Task WriteAsync()
    {
        var reader = results.Reader;
        var batch = new List<TrackClassification>();
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                batch.Clear();
                while (batch.Count < 1024 && reader.TryRead(out var row)) batch.Add(row);
                output.Append(batch);
            }
        }
        catch (Exception e)
        {
            finished.TrySetException(e is GenreBatchException ? e : new GenreBatchException($"Could not write {output.Path}: {e.Message}", e));
            throw;
        }
    }

    private async Task ReportAsync(CancellationToken cancellationToken)
    {
        if (progress is null) return;
        using var timer = new PeriodicTimer(Options.ProgressInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false)) progress.Report(Snapshot());
        }
        catch (OperationCanceledException)
        {
            // the run ended; RunAsync reports the last state
        }
    }

    private GenreBatchProgress Snapshot()
    {
        lock (gate)
        {
            var elapsed = clock.Elapsed;
            var rate = elapsed.TotalSeconds > 0 ? done / elapsed.TotalSeconds : 0;
            TimeSpan? remaining = rate > 0 ? TimeSpan.FromSeconds(Math.Min(outstanding / rate, TimeSpan.MaxValue.TotalSeconds / 2)) : null;
            var news = events.Skip(eventsReported).ToList();
            eventsReported = events.Count;
            return new GenreBatchProgress(total, skipped, done, failed, retried + resent, lanes.Count, elapsed, rate, remaining, news);
        }
    }

    private GenreBatchSummary Summary()
    {
        lock (gate)
            return new GenreBatchSummary(total, skipped, done, failed, retried + resent, duplicates, clock.Elapsed, model ?? output.Model ?? "",
                new Dictionary<string, int>(silosUsed), [.. events]);
    }

    private void Event(string text)
    {
        lock (gate) events.Add($"{clock.Elapsed.TotalSeconds,7:0.0} s  {text}");
    }

    private static string Describe(Exception e) => $"{e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}";

    private static async Task Quietly(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch
        {
            // reported where it happened
        }
    }
}
