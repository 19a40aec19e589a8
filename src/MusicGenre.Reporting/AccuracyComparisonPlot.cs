using MusicGenre.Evaluation;
using ScottPlot;

namespace MusicGenre.Reporting;

/// <summary>Models' test accuracy side by side, mean with ± std error bars (the seed's <c>accuracy_comparison</c> picture).</summary>
public static class AccuracyComparisonPlot
{
    /// <summary>Writes the PNG.</summary>
    /// <param name="models">Each model's accuracies over folds or seeds.</param>
    /// <param name="path">Destination <c>.png</c>.</param>
    /// <param name="title">Plot title.</param>
    /// <param name="width">Width in pixels; default 800.</param>
    /// <param name="height">Height in pixels; default 500.</param>
    public static void Save(IReadOnlyList<ModelScores> models, string path, string title = "Test accuracy (track level)", int width = 800, int height = 500)
    {
        ArgumentNullException.ThrowIfNull(models);
        if (models.Count == 0) throw new ArgumentException("No model to compare.", nameof(models));
        var plot = new Plot();
        var bars = new List<Bar>();
        for (var i = 0; i < models.Count; i++)
        {
            var s = models[i].Summary;
            bars.Add(new Bar { Position = i, Value = 100 * s.Mean, Error = 100 * s.Std, FillColor = plot.Add.Palette.GetColor(i) });
            plot.Add.Text($"{100 * s.Mean:0.0}%", i, 100 * (s.Mean + s.Std) + 2).Alignment = Alignment.LowerCenter;
        }
        plot.Add.Bars(bars);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, models.Count).Select(i => (double)i).ToArray(),
            models.Select(m => m.Accuracies.Count > 1 ? $"{m.Model} (n={m.Accuracies.Count})" : m.Model).ToArray());
        plot.Axes.SetLimits(-0.6, models.Count - 0.4, 0, 110);
        plot.Title(title);
        plot.YLabel("accuracy (%)");
        PlotFiles.SavePng(plot, path, width, height);
    }
}
