namespace MusicGenre.Models.Musicnn;

/// <summary>One epoch of <see cref="MusicnnFineTuner"/>.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="Epochs">Maximum number of epochs.</param>
/// <param name="TrainLoss">Mean cross-entropy over the training patches.</param>
/// <param name="TrainAccuracy">Fraction of training patches classified correctly (with dropout active).</param>
/// <param name="ValidationLoss">Mean cross-entropy over the validation patches, or null without a validation set.</param>
/// <param name="ValidationAccuracy">Fraction of validation patches classified correctly, or null.</param>
/// <param name="Elapsed">Time spent on this epoch.</param>
/// <param name="IsBest">Whether this epoch is the best so far (its weights are kept).</param>
public readonly record struct MusicnnFineTuneProgress(int Epoch, int Epochs, double TrainLoss, double TrainAccuracy,
    double? ValidationLoss, double? ValidationAccuracy, TimeSpan Elapsed, bool IsBest);
