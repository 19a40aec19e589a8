using MusicGenre.Evaluation;
using ScottPlot;

namespace MusicGenre.Reporting;

/// <summary>A confusion matrix as a heatmap of row-normalised recall, with the counts written in each cell.</summary>
public static class ConfusionMatrixPlot
{
    /// <summary>Writes the PNG.</summary>
    /// <param name="confusion">The matrix (rows actual).</param>
    /// <param name="path">Destination <c>.png</c>.</param>
    /// <param name="title">Plot title.</param>
    /// <param name="size">Width and height in pixels; default 800.</param>
    public static void Save(ConfusionMatrix confusion, string path, string title = "Confusion matrix", int size = 800)
    {
        ArgumentNullException.ThrowIfNull(confusion);
        PlotFiles.SavePng(Build(confusion, title), path, size, size);
    }

    /// <summary>Builds the plot: cell (actual a, predicted p) is centred at x = p, y = n − 1 − a (first genre at the top).</summary>
    internal static Plot Build(ConfusionMatrix confusion, string title)
    {
        var n = confusion.Labels.Count;
        var fractions = new double[n, n];
        for (var a = 0; a < n; a++)
        {
            var support = confusion.Support(a);
            for (var p = 0; p < n; p++) fractions[a, p] = support == 0 ? 0 : (double)confusion[a, p] / support;
        }

        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(fractions);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        // Position gives the centres of the edge cells: cell (a, p) is centred at x = p, y = n - 1 - a (data row 0 on top).
        heatmap.Position = new CoordinateRect(0, n - 1, 0, n - 1);
        plot.Add.ColorBar(heatmap).Label = "recall";
        for (var a = 0; a < n; a++)
            for (var p = 0; p < n; p++)
            {
                if (confusion[a, p] == 0) continue;
                var text = plot.Add.Text(confusion[a, p].ToString(System.Globalization.CultureInfo.InvariantCulture), p, n - 1 - a);
                text.Alignment = Alignment.MiddleCenter;
                text.LabelFontColor = fractions[a, p] > 0.6 ? Colors.Black : Colors.White;
                text.LabelFontSize = n > 12 ? 9 : 13;
            }
        var positions = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        var labels = confusion.Labels.ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, labels);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions.Select(y => n - 1 - y).ToArray(), labels);
        plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.SetLimits(-0.5, n - 0.5, -0.5, n - 0.5);
        plot.Title(title);
        plot.XLabel("predicted");
        plot.YLabel("actual");
        return plot;
    }
}
