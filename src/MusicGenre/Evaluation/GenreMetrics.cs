using Microsoft.ML.Data;

namespace MusicGenre.Evaluation;

/// <summary>
/// Classification metrics computed from a <see cref="ConfusionMatrix"/>: accuracy, macro-averaged precision/recall/F1
/// and per-genre scores. Use it for track-level and window-level results alike. Immutable.
/// </summary>
public sealed class GenreMetrics
{
    private GenreMetrics(ConfusionMatrix confusion, double? logLoss)
    {
        Confusion = confusion;
        LogLoss = logLoss;
        var n = confusion.Labels.Count;
        long correct = 0;
        for (var i = 0; i < n; i++) correct += confusion[i, i];
        var total = confusion.Total;
        Accuracy = total == 0 ? 0 : (double)correct / total;
        Count = total;
        PerGenre = Enumerable.Range(0, n).Select(i =>
        {
            var predicted = confusion.PredictedCount(i);
            var support = confusion.Support(i);
            var precision = predicted == 0 ? 0 : (double)confusion[i, i] / predicted;
            var recall = support == 0 ? 0 : (double)confusion[i, i] / support;
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            return new GenreScore(confusion.Labels[i], precision, recall, f1, support);
        }).ToArray();
        // Like scikit-learn: average over the genres that occur in the data or in the predictions.
        var present = PerGenre.Where((g, i) => g.Support > 0 || confusion.PredictedCount(i) > 0).ToArray();
        MacroPrecision = present.Length == 0 ? 0 : present.Average(g => g.Precision);
        MacroRecall = present.Length == 0 ? 0 : present.Average(g => g.Recall);
        MacroF1 = present.Length == 0 ? 0 : present.Average(g => g.F1);
    }

    /// <summary>Metrics of a confusion matrix.</summary>
    /// <param name="confusion">Counts, rows actual.</param>
    /// <param name="logLoss">Mean log-loss, when known.</param>
    public static GenreMetrics FromConfusion(ConfusionMatrix confusion, double? logLoss = null)
    {
        ArgumentNullException.ThrowIfNull(confusion);
        return new GenreMetrics(confusion, logLoss);
    }

    /// <summary>Metrics of parallel arrays of actual and predicted label indices.</summary>
    /// <param name="labels">The genres, in key order.</param>
    /// <param name="actual">Actual label index per item.</param>
    /// <param name="predicted">Predicted label index per item.</param>
    public static GenreMetrics FromPredictions(IReadOnlyList<string> labels, ReadOnlySpan<int> actual, ReadOnlySpan<int> predicted)
        => new(ConfusionMatrix.FromIndices(labels, actual, predicted), null);

    /// <summary>Metrics of ML.NET's <c>mlContext.MulticlassClassification.Evaluate(...)</c> result (its confusion matrix and log-loss).</summary>
    /// <param name="metrics">ML.NET's metrics.</param>
    /// <param name="labels">The genre names in key order (ML.NET's matrix only holds indices).</param>
    public static GenreMetrics FromMlNet(MulticlassClassificationMetrics metrics, IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return new(ConfusionMatrix.FromCounts(labels, metrics.ConfusionMatrix.Counts), double.IsFinite(metrics.LogLoss) ? metrics.LogLoss : null);
    }

    /// <summary>The confusion matrix the metrics come from.</summary>
    public ConfusionMatrix Confusion { get; }

    /// <summary>Number of items evaluated.</summary>
    public long Count { get; }

    /// <summary>Fraction of items predicted correctly (ML.NET's micro-accuracy).</summary>
    public double Accuracy { get; }

    /// <summary>Mean precision over the genres that occur among the actual or the predicted labels (scikit-learn's macro average).</summary>
    public double MacroPrecision { get; }

    /// <summary>
    /// Mean recall over the genres that occur among the actual or the predicted labels; equals ML.NET's macro-accuracy
    /// when every predicted genre also occurs in the data.
    /// </summary>
    public double MacroRecall { get; }

    /// <summary>Mean F1 over the genres that occur among the actual or the predicted labels.</summary>
    public double MacroF1 { get; }

    /// <summary>Mean log-loss when known (ML.NET's <c>LogLoss</c>), else null.</summary>
    public double? LogLoss { get; }

    /// <summary>Precision, recall, F1 and support per genre, in label order.</summary>
    public IReadOnlyList<GenreScore> PerGenre { get; }
}
