using System.Runtime.InteropServices;
using MusicGenre.IO;

namespace MusicGenre.Cli;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM for the <c>musicgenre</c> process. The first signal cancels <see cref="Token"/>: every
/// command stops at its next check (decoders check between frames, training between mini-batches), keeps what it
/// finished and returns <see cref="ExitCodes.Cancelled"/>. A command still running <see cref="GracePeriod"/> after
/// the signal (native code that cannot be cancelled, a read that does not return) is ended: the process waits for the
/// output being written under <see cref="HoldExit"/> and for atomic writes in progress, says so on standard error
/// and exits with 130 (143 for SIGTERM). A second signal ends it the same way without waiting for the grace period.
/// </summary>
/// <remarks>
/// Every command, <c>serve</c>, <c>silo</c> and <c>batch</c> included, follows the same rule: take the action's
/// cancellation token (System.CommandLine passes this token on), stop within 2 s of it, print what was finished,
/// return <see cref="ExitCodes.Cancelled"/>, and write files only through <see cref="AtomicFile"/>.
/// </remarks>
internal sealed class Interruption : IDisposable
{
    /// <summary>How long a command has, after the first signal, to end by itself.</summary>
    public static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(1.5);

    /// <summary>The longest a forced exit waits for held output and atomic writes in progress.</summary>
    private static readonly TimeSpan FinishLimit = TimeSpan.FromSeconds(10);

    private static readonly object HoldGate = new();
    private static int holds;

    private readonly CancellationTokenSource cancellation = new();
    private readonly PosixSignalRegistration[] registrations;
    private readonly TextWriter error;
    private int signal;
    private int exiting;
    private int disposed;

    private Interruption(TextWriter error)
    {
        this.error = error;
        registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
        ];
    }

    /// <summary>Starts listening for SIGINT and SIGTERM (for the process's lifetime; dispose to stop).</summary>
    /// <param name="error">Where the forced exit says why (standard error).</param>
    public static Interruption Listen(TextWriter error) => new(error);

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => cancellation.Token;

    /// <summary>
    /// The process exit code for a command's result: <see cref="ExitCodes.Terminated"/> instead of
    /// <see cref="ExitCodes.Cancelled"/> when the signal was SIGTERM.
    /// </summary>
    /// <param name="commandExitCode">What the command returned.</param>
    public int ExitCode(int commandExitCode)
        => commandExitCode == ExitCodes.Cancelled && Volatile.Read(ref signal) == (int)PosixSignal.SIGTERM ? ExitCodes.Terminated : commandExitCode;

    /// <summary>
    /// Marks output that must be finished even when the process is ended (printing results, saving the best model):
    /// a forced exit waits until the returned object is disposed (at most 10 s).
    /// </summary>
    public static IDisposable HoldExit()
    {
        lock (HoldGate) holds++;
        return new Hold();
    }

    public void Dispose()
    {
        Volatile.Write(ref disposed, 1); // a command that ended in time is not ended again
        foreach (var registration in registrations) registration.Dispose();
        cancellation.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true; // the process ends when the command does, not now
        var code = context.Signal == PosixSignal.SIGTERM ? ExitCodes.Terminated : ExitCodes.Cancelled;
        if (Interlocked.CompareExchange(ref signal, (int)context.Signal, 0) != 0)
        {
            OnOwnThread(() => End(code, "a second signal"));
            return;
        }
        // Cancel, and later end, on a thread of its own: not on the signal handler's thread (the token's callbacks must
        // not run there), and not on the thread pool, which a busy command may have starved (with one core the pool
        // adds a thread only after about a second, and the cancellation would wait for it).
        OnOwnThread(() =>
        {
            try
            {
                cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
                return; // the command had already ended
            }
            Thread.Sleep(GracePeriod);
            if (Volatile.Read(ref disposed) == 0) End(code, $"the command did not stop within {GracePeriod.TotalSeconds:0.#} s");
        });
    }

    private static void OnOwnThread(Action action)
        => new Thread(() => action()) { IsBackground = true, Name = "musicgenre interruption" }.Start();

    /// <summary>Ends the process after held output and pending atomic writes are finished.</summary>
    private void End(int code, string why)
    {
        if (Interlocked.Exchange(ref exiting, 1) != 0) return;
        var limit = DateTime.UtcNow + FinishLimit;
        lock (HoldGate)
            while (holds > 0 && limit > DateTime.UtcNow) Monitor.Wait(HoldGate, limit - DateTime.UtcNow);
        AtomicFile.WaitForPendingWrites(limit - DateTime.UtcNow > TimeSpan.Zero ? limit - DateTime.UtcNow : TimeSpan.Zero);
        try
        {
            Console.Out.Flush();
            error.WriteLine($"Stopped: {why}; the files it finished are kept (every file is written atomically).");
            error.Flush();
        }
        catch (IOException)
        {
            // standard error is gone (a closed pipe): exit all the same
        }
        Environment.Exit(code);
    }

    private sealed class Hold : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) != 0) return;
            lock (HoldGate)
            {
                holds--;
                Monitor.PulseAll(HoldGate);
            }
        }
    }
}
