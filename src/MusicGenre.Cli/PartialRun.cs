using System.Runtime.ExceptionServices;

namespace MusicGenre.Cli;

/// <summary>
/// Runs an enumeration of results (a <c>PredictMany</c>) on a worker thread and collects them, so that on Ctrl-C the
/// command gets what was finished within a bounded time, even when an item in progress does not answer its
/// cancellation token (a read that does not return, native code).
/// </summary>
internal static class PartialRun
{
    /// <summary>How long a cancelled run may take to stop before the command goes on without it.</summary>
    public static readonly TimeSpan StopWait = TimeSpan.FromSeconds(0.5);

    /// <summary>What a run gave.</summary>
    /// <param name="Items">The results, in the order they came.</param>
    /// <param name="Cancelled">The token was cancelled before the enumeration ended.</param>
    /// <param name="Abandoned">The cancelled enumeration did not stop within <see cref="StopWait"/>: it still runs, so what it uses must not be disposed.</param>
    public sealed record Result<T>(IReadOnlyList<T> Items, bool Cancelled, bool Abandoned);

    /// <summary>Enumerates <paramref name="source"/> until it ends or <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="source">Creates the enumeration (run on the worker thread; it should observe the token itself).</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <exception cref="Exception">Whatever the enumeration threw, other than its cancellation.</exception>
    public static Result<T> Collect<T>(Func<IEnumerable<T>> source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var items = new List<T>();
        var worker = Task.Run(() =>
        {
            foreach (var item in source())
                lock (items) items.Add(item);
        }, CancellationToken.None);
        try
        {
            worker.Wait(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            var ended = WaitQuietly(worker, StopWait);
            if (ended && worker.IsCompletedSuccessfully) return new(Snapshot(items), Cancelled: false, Abandoned: false);
            if (ended && worker.Exception is { } failure && failure.InnerExceptions.Any(e => e is not OperationCanceledException))
                ExceptionDispatchInfo.Capture(failure.InnerExceptions.First(e => e is not OperationCanceledException)).Throw();
            return new(Snapshot(items), Cancelled: true, Abandoned: !ended);
        }
        catch (AggregateException failure) when (cancellationToken.IsCancellationRequested && failure.InnerExceptions.All(e => e is OperationCanceledException))
        {
            // the run saw the cancellation and ended before this wait did: cancelled, not failed
            return new(Snapshot(items), Cancelled: true, Abandoned: false);
        }
        catch (AggregateException failure)
        {
            ExceptionDispatchInfo.Capture(failure.InnerExceptions[0]).Throw();
        }
        return new(Snapshot(items), Cancelled: false, Abandoned: false);
    }

    private static bool WaitQuietly(Task task, TimeSpan timeout)
    {
        try
        {
            return task.Wait(timeout);
        }
        catch (AggregateException)
        {
            return true; // it ended (by its cancellation or a failure, looked at by the caller)
        }
    }

    private static List<T> Snapshot<T>(List<T> items)
    {
        lock (items) return [.. items];
    }
}
