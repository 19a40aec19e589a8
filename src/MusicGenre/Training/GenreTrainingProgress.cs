namespace MusicGenre.Training;

/// <summary>What one finished training epoch achieved (reported to the trainer's progress receiver).</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="Epochs">Maximum number of epochs (<see cref="GenreTrainerOptions.Epochs"/>).</param>
/// <param name="TrainLoss">Mean cross-entropy over this epoch's training windows (natural log).</param>
/// <param name="TrainAccuracy">Fraction of training windows classified right during the epoch (0–1).</param>
/// <param name="ValidationLoss">Mean cross-entropy over validation windows, or null without validation data.</param>
/// <param name="ValidationAccuracy">Track-level validation accuracy (window probabilities averaged per track), or null.</param>
/// <param name="LearningRate">Learning rate used during the epoch.</param>
/// <param name="Elapsed">Wall time of the epoch, validation included.</param>
/// <param name="IsBest">True when this epoch is the best so far by the monitored loss (validation loss when given, else training loss).</param>
public sealed record GenreTrainingProgress(
    int Epoch,
    int Epochs,
    double TrainLoss,
    double TrainAccuracy,
    double? ValidationLoss,
    double? ValidationAccuracy,
    double LearningRate,
    TimeSpan Elapsed,
    bool IsBest);
