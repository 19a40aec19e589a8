namespace MusicGenre.Evaluation;

/// <summary>One model's test accuracies over several runs (folds or seeds), for comparisons.</summary>
/// <param name="Model">Model name (e.g. <c>cnn-lstm</c>).</param>
/// <param name="Accuracies">Track-level test accuracy of each run, in [0, 1].</param>
public sealed record ModelScores(string Model, IReadOnlyList<double> Accuracies)
{
    /// <summary>Mean ± std of <see cref="Accuracies"/>.</summary>
    public MeanStd Summary => MeanStd.Of(Accuracies);
}
