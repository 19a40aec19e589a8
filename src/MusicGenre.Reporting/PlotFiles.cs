namespace MusicGenre.Reporting;

/// <summary>Helpers shared by the plot writers.</summary>
internal static class PlotFiles
{
    public static void EnsureFolder(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
    }
}
