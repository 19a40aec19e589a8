namespace MusicGenre.MLNet.Persistence;

/// <summary>
/// A model file is not a MusicGenre model, is truncated or damaged, comes from an unsupported version, or asks for
/// something this process cannot give (an assembly, impossible sizes). The message names the file, the part (zip
/// entry or step) and what is wrong. Everything that goes wrong while reading a model file is this exception.
/// </summary>
public sealed class GenreModelFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="source">The file (or stream description) that was being read.</param>
    /// <param name="reason">What is wrong with it.</param>
    /// <param name="inner">The underlying error, if any.</param>
    public GenreModelFormatException(string source, string reason, Exception? inner = null)
        : this(source, null, reason, inner)
    {
    }

    /// <summary>Creates the exception for one part of the file.</summary>
    /// <param name="source">The file (or stream description) that was being read.</param>
    /// <param name="part">The zip entry or step that is wrong (for example <c>step 3 (GenreNetwork)</c>), or null for the file as a whole.</param>
    /// <param name="reason">What is wrong with it.</param>
    /// <param name="inner">The underlying error, if any.</param>
    public GenreModelFormatException(string source, string? part, string reason, Exception? inner = null)
        : base($"'{source}' is not a usable MusicGenre model: {(part is null ? "" : part + ": ")}{reason}", inner)
    {
        Source = source;
        Part = part;
        Reason = reason;
    }

    /// <summary>The file (or stream description) that was being read.</summary>
    public new string Source { get; }

    /// <summary>The zip entry or step that is wrong, or null when the file as a whole is.</summary>
    public string? Part { get; }

    /// <summary>What is wrong.</summary>
    public string Reason { get; }
}
