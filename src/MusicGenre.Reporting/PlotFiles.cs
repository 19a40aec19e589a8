using MusicGenre.IO;
using ScottPlot;

namespace MusicGenre.Reporting;

/// <summary>Writes plots as PNG files atomically (<see cref="AtomicFile"/>): rendered in memory, then written, flushed and renamed.</summary>
internal static class PlotFiles
{
    public static void SavePng(Plot plot, string path, int width, int height)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        AtomicFile.WriteAllBytes(path, plot.GetImageBytes(width, height, ImageFormat.Png));
    }

    public static void SavePng(Multiplot plots, string path, int width, int height)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var image = plots.Render(width, height);
        AtomicFile.WriteAllBytes(path, image.GetImageBytes(ImageFormat.Png));
    }
}
