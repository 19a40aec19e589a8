using MusicGenre.Evaluation;
using ScottPlot;

namespace MusicGenre.Reporting;

/// <summary>
/// A track's log-mel spectrogram above its genre timeline: each analysis window drawn as a bar coloured by its most
/// probable genre (the seed's mel-spectrogram picture, plus what the model heard where).
/// </summary>
public static class SpectrogramTimelinePlot
{
    /// <summary>Writes the PNG.</summary>
    /// <param name="logMel">Log-mel spectrogram in dB, row-major <c>[nMels, frames]</c> (mel band outer).</param>
    /// <param name="nMels">Number of mel bands.</param>
    /// <param name="secondsPerFrame">Hop length divided by the sample rate, in seconds.</param>
    /// <param name="windows">Per-window predictions (may be empty: then only the spectrogram is drawn).</param>
    /// <param name="labels">Genre names in key order.</param>
    /// <param name="path">Destination <c>.png</c>.</param>
    /// <param name="title">Title, e.g. the file name and the predicted genre.</param>
    /// <param name="width">Width in pixels; default 1200.</param>
    /// <param name="height">Height in pixels; default 700.</param>
    public static void Save(ReadOnlySpan<float> logMel, int nMels, double secondsPerFrame, IReadOnlyList<WindowPrediction> windows,
        IReadOnlyList<string> labels, string path, string title = "", int width = 1200, int height = 700)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(nMels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(secondsPerFrame);
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(labels);
        if (logMel.Length == 0 || logMel.Length % nMels != 0)
            throw new ArgumentException($"The spectrogram has {logMel.Length} values, not a positive multiple of {nMels} bands.", nameof(logMel));
        var frames = logMel.Length / nMels;
        var data = new double[nMels, frames];
        for (var m = 0; m < nMels; m++)
            for (var f = 0; f < frames; f++)
                data[nMels - 1 - m, f] = logMel[m * frames + f]; // low bands at the bottom
        var duration = frames * secondsPerFrame;

        var multi = new Multiplot();
        multi.AddPlots(2);
        multi.Layout = new ScottPlot.MultiplotLayouts.Rows();
        var top = multi.GetPlot(0);
        var bottom = multi.GetPlot(1);

        var heatmap = top.Add.Heatmap(data);
        heatmap.Colormap = new ScottPlot.Colormaps.Magma();
        // Position gives the centres of the edge cells (ScottPlot draws half a cell beyond it).
        heatmap.Position = new CoordinateRect(secondsPerFrame / 2, duration - secondsPerFrame / 2, 0.5, nMels - 0.5);
        top.Add.ColorBar(heatmap).Label = "dB";
        top.Axes.SetLimits(0, duration, 0, nMels);
        top.Title(string.IsNullOrWhiteSpace(title) ? "log-mel spectrogram" : title);
        top.YLabel("mel band");

        for (var w = 0; w < windows.Count; w++)
        {
            var win = windows[w];
            var g = win.TopIndex;
            var p = win.Probabilities[g];
            var rect = bottom.Add.Rectangle(win.StartSeconds, win.EndSeconds, 0, p);
            rect.FillColor = bottom.Add.Palette.GetColor(g).WithAlpha(0.75);
            rect.LineColor = Colors.Black;
            var text = bottom.Add.Text(g < labels.Count ? labels[g] : g.ToString(System.Globalization.CultureInfo.InvariantCulture), (win.StartSeconds + win.EndSeconds) / 2, p + 0.02);
            text.Alignment = Alignment.LowerCenter;
            text.LabelFontSize = 11;
        }
        bottom.Axes.SetLimits(0, duration, 0, 1.2);
        bottom.Title("genre timeline (most probable genre per window, bar height = its probability)");
        bottom.XLabel("time (s)");
        bottom.YLabel("probability");
        PlotFiles.SavePng(multi, path, width, height);
    }
}
