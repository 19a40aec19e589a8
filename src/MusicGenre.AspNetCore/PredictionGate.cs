namespace MusicGenre.AspNetCore;

/// <summary>
/// Admission and concurrency of predictions: at most <see cref="Concurrency"/> run at once, and at most
/// <c>queueLength</c> more are admitted to wait (receiving their upload, then for a slot). Thread-safe.
/// </summary>
internal sealed class PredictionGate : IDisposable
{
    private readonly SemaphoreSlim slots;
    private readonly int capacity;
    private int admitted;
    private int running;

    public PredictionGate(int concurrency, int queueLength)
    {
        Concurrency = concurrency;
        capacity = concurrency + queueLength;
        slots = new SemaphoreSlim(concurrency, concurrency);
    }

    /// <summary>How many predictions may run at once.</summary>
    public int Concurrency { get; }

    /// <summary>Predictions running now (a timed-out one counts until its work has stopped).</summary>
    public int Running => Volatile.Read(ref running);

    /// <summary>Requests admitted and not running.</summary>
    public int Waiting => Math.Max(0, Volatile.Read(ref admitted) - Running);

    /// <summary>Admits a request if there is room in the slots and the queue; call <see cref="Leave"/> when it ends.</summary>
    public bool TryAdmit()
    {
        if (Interlocked.Increment(ref admitted) <= capacity) return true;
        Interlocked.Decrement(ref admitted);
        return false;
    }

    /// <summary>An admitted request has ended.</summary>
    public void Leave() => Interlocked.Decrement(ref admitted);

    /// <summary>Waits for a free slot, at most <paramref name="timeout"/>; true when one was taken (give it back with <see cref="Release"/>).</summary>
    public async Task<bool> TryTakeSlotAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!await slots.WaitAsync(timeout, cancellationToken).ConfigureAwait(false)) return false;
        Interlocked.Increment(ref running);
        return true;
    }

    /// <summary>Gives back a slot taken by <see cref="TryTakeSlotAsync"/>.</summary>
    public void Release()
    {
        Interlocked.Decrement(ref running);
        slots.Release();
    }

    public void Dispose() => slots.Dispose();
}
