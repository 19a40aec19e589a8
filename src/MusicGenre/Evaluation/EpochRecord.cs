namespace MusicGenre.Evaluation;

/// <summary>One training epoch's figures, for training curves and reports.</summary>
/// <param name="Epoch">Epoch number, from 1.</param>
/// <param name="TrainLoss">Mean training loss (cross-entropy).</param>
/// <param name="TrainAccuracy">Training accuracy (window level), in [0, 1].</param>
/// <param name="ValidationLoss">Validation loss, when a validation set is used.</param>
/// <param name="ValidationAccuracy">Validation accuracy, when a validation set is used.</param>
/// <param name="Seconds">Wall-clock seconds the epoch took.</param>
public sealed record EpochRecord(int Epoch, double TrainLoss, double TrainAccuracy, double? ValidationLoss, double? ValidationAccuracy, double Seconds);
