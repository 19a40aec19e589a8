namespace MusicGenre.Cli.Modeling;

/// <summary>Training was cancelled after at least one finished epoch; <see cref="Model"/> holds the best weights so far (not evaluated).</summary>
internal sealed class TrainingInterruptedException(TrainedModel model, CancellationToken token)
    : OperationCanceledException("Training was interrupted; the best model so far is kept.", token)
{
    /// <summary>The model of the best finished epoch (the caller disposes it).</summary>
    public TrainedModel Model { get; } = model;
}
