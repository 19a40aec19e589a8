namespace MusicGenre.MLNet.Persistence;

/// <summary>A model file is not a MusicGenre model, is truncated or corrupted, or comes from an unsupported version. The message names the file and what is wrong.</summary>
public sealed class GenreModelFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="source">The file (or stream description) that was being read.</param>
    /// <param name="reason">What is wrong with it.</param>
    /// <param name="inner">The underlying error, if any.</param>
    public GenreModelFormatException(string source, string reason, Exception? inner = null)
        : base($"'{source}' is not a usable MusicGenre model: {reason}", inner)
    {
        Source = source;
        Reason = reason;
    }

    /// <summary>The file (or stream description) that was being read.</summary>
    public new string Source { get; }

    /// <summary>What is wrong with it.</summary>
    public string Reason { get; }
}
