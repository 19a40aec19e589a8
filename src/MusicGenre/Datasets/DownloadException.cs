namespace MusicGenre.Datasets;

/// <summary>A download failed: the server cannot be reached (offline?), answered with an error, stalled, or the file's checksum is wrong.</summary>
public class DownloadException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="url">The address being downloaded.</param>
    /// <param name="message">What went wrong and what to do about it.</param>
    /// <param name="innerException">The low-level failure, if any.</param>
    public DownloadException(Uri url, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Url = url;
    }

    /// <summary>The address being downloaded.</summary>
    public Uri Url { get; }
}
