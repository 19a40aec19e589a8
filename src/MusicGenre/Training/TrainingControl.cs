namespace MusicGenre.Training;

/// <summary>
/// The runtime side of one training run, kept out of the options: where progress goes, what is logged, and the two
/// ways to stop (the caller's token, and the host's own cancellation such as <c>mlContext.CancelExecution()</c>).
/// </summary>
internal sealed class TrainingControl
{
    public static TrainingControl None { get; } = new();

    public IProgress<GenreTrainingProgress>? Progress { get; init; }

    public CancellationToken CancellationToken { get; init; }

    /// <summary>True once the host (the ML.NET context) was asked to stop; null when there is none.</summary>
    public Func<bool>? HostCancelled { get; init; }

    /// <summary>Receives one line per noteworthy event (the ML.NET channel); null for none.</summary>
    public Action<string>? Log { get; init; }

    public bool IsCancellationRequested => CancellationToken.IsCancellationRequested || HostCancelled?.Invoke() == true;

    /// <summary>Throws <see cref="OperationCanceledException"/> when either way to stop was used.</summary>
    public void ThrowIfCancellationRequested()
    {
        CancellationToken.ThrowIfCancellationRequested();
        if (HostCancelled?.Invoke() == true) throw new OperationCanceledException("Training was cancelled by the ML.NET context (mlContext.CancelExecution()).");
    }
}
