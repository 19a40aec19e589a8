namespace MusicGenre.Datasets;

/// <summary>
/// A dataset cannot be used: its folder or manifest is missing, it holds no tracks, a genre has too few tracks to
/// split, and so on. The message names the path and what is wrong.
/// </summary>
public class DatasetException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The dataset folder or manifest concerned, if any.</param>
    /// <param name="message">What is wrong and, where possible, how to fix it.</param>
    /// <param name="innerException">The low-level failure, if any.</param>
    public DatasetException(string? path, string message, Exception? innerException = null)
        : base(path is null ? message : $"{path}: {message}", innerException)
    {
        DatasetPath = path;
    }

    /// <summary>The dataset folder or manifest concerned, or null.</summary>
    public string? DatasetPath { get; }
}
