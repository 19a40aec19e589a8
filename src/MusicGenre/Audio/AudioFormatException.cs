namespace MusicGenre.Audio;

/// <summary>
/// The one exception every decoder throws for content it cannot decode: an unknown format, a malformed or
/// unsupported header, no audio frames, and so on. The message names the file and the offending values.
/// </summary>
public class AudioFormatException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="filePath">The file (or a description of the stream) that failed.</param>
    /// <param name="reason">What is wrong, with the offending values.</param>
    /// <param name="innerException">The low-level failure, if any.</param>
    public AudioFormatException(string? filePath, string reason, Exception? innerException = null)
        : base($"{filePath ?? "<stream>"}: {reason}", innerException)
    {
        FilePath = filePath;
        Reason = reason;
    }

    /// <summary>The file that failed, or null for an unnamed stream.</summary>
    public string? FilePath { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Reason { get; }
}
