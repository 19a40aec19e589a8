using MusicGenre.Evaluation;
using ScottPlot;

namespace MusicGenre.Reporting;

/// <summary>Training and validation accuracy and loss per epoch, side by side (the seed's training-history picture).</summary>
public static class TrainingCurvesPlot
{
    /// <summary>Writes the PNG.</summary>
    /// <param name="history">Epoch records, in order.</param>
    /// <param name="path">Destination <c>.png</c>.</param>
    /// <param name="title">Title prefix, e.g. the model name.</param>
    /// <param name="width">Width in pixels; default 1200.</param>
    /// <param name="height">Height in pixels; default 450.</param>
    public static void Save(IReadOnlyList<EpochRecord> history, string path, string title = "", int width = 1200, int height = 450)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Count == 0) throw new ArgumentException("The history holds no epoch.", nameof(history));
        var epochs = history.Select(h => (double)h.Epoch).ToArray();

        var multi = new Multiplot();
        multi.AddPlots(2);
        multi.Layout = new ScottPlot.MultiplotLayouts.Columns();
        var accuracy = multi.GetPlot(0);
        var loss = multi.GetPlot(1);

        Line(accuracy, epochs, history.Select(h => h.TrainAccuracy).ToArray(), "train", Colors.C0);
        if (history.All(h => h.ValidationAccuracy.HasValue))
            Line(accuracy, epochs, history.Select(h => h.ValidationAccuracy!.Value).ToArray(), "validation", Colors.C1);
        accuracy.Title(Prefix(title) + "accuracy");
        accuracy.XLabel("epoch");
        accuracy.YLabel("accuracy");
        accuracy.ShowLegend(Alignment.LowerRight);

        Line(loss, epochs, history.Select(h => h.TrainLoss).ToArray(), "train", Colors.C0);
        if (history.All(h => h.ValidationLoss.HasValue))
            Line(loss, epochs, history.Select(h => h.ValidationLoss!.Value).ToArray(), "validation", Colors.C1);
        loss.Title(Prefix(title) + "loss");
        loss.XLabel("epoch");
        loss.YLabel("cross-entropy loss");
        loss.ShowLegend(Alignment.UpperRight);

        PlotFiles.SavePng(multi, path, width, height);
    }

    private static string Prefix(string title) => string.IsNullOrWhiteSpace(title) ? "" : title + ": ";

    private static void Line(Plot plot, double[] x, double[] y, string label, Color color)
    {
        var s = plot.Add.Scatter(x, y);
        s.LegendText = label;
        s.Color = color;
        s.LineWidth = 2;
        s.MarkerSize = 5;
    }
}
