using MusicGenre.Orleans.Results;

namespace MusicGenre.Orleans.Batch;

/// <summary>The tracks of a batch: every audio file under a folder, or the paths of a CSV manifest.</summary>
public static class GenreBatchInput
{
    /// <summary>The extensions a folder walk picks up (the formats the library decodes, ffmpeg's included).</summary>
    public static IReadOnlyList<string> AudioExtensions { get; } = [".wav", ".au", ".aif", ".aiff", ".mp3", ".ogg", ".flac", ".m4a", ".opus"];

    /// <summary>
    /// Reads the tracks of <paramref name="input"/>: a folder (searched recursively for <see cref="AudioExtensions"/>,
    /// hidden files left out, in ordinal order) or a CSV manifest whose first column is the path (a first row whose
    /// first field is <c>path</c> is a header; other columns are ignored; relative paths are relative to the manifest's
    /// folder). Paths are returned absolute, as the silos will read them (a file system every silo mounts at the same place).
    /// </summary>
    /// <param name="input">A folder or a .csv file.</param>
    /// <exception cref="FileNotFoundException">Neither a folder nor a file.</exception>
    /// <exception cref="GenreBatchException">The manifest is empty.</exception>
    public static IReadOnlyList<string> Read(string input)
    {
        ArgumentException.ThrowIfNullOrEmpty(input);
        if (Directory.Exists(input))
            return [.. Directory.EnumerateFiles(Path.GetFullPath(input), "*", SearchOption.AllDirectories)
                .Where(f => AudioExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase) && !Path.GetFileName(f).StartsWith('.'))
                .Order(StringComparer.Ordinal)];
        if (!File.Exists(input)) throw new FileNotFoundException($"--input {input}: no such folder or manifest file.", input);
        var folder = Path.GetDirectoryName(Path.GetFullPath(input))!;
        var records = CsvRecords.Parse(File.ReadAllText(input) + "\n", out _);
        var paths = new List<string>();
        foreach (var (fields, _) in records)
        {
            var path = fields[0].Trim();
            if (path.Length == 0) continue;
            if (paths.Count == 0 && path.Equals("path", StringComparison.OrdinalIgnoreCase)) continue;
            paths.Add(Path.GetFullPath(Path.Combine(folder, path)));
        }
        if (paths.Count == 0) throw new GenreBatchException($"The manifest {input} lists no track (one path per row, in the first column).");
        return paths;
    }
}
