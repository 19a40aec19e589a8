namespace MusicGenre.Datasets;

/// <summary>An archive is unsafe or malformed: an entry escapes the target folder, is a link or device, or is absurdly large.</summary>
public class ArchiveException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="archivePath">The archive.</param>
    /// <param name="entryName">The offending entry, if any.</param>
    /// <param name="reason">What is wrong.</param>
    /// <param name="innerException">The low-level failure, if any.</param>
    public ArchiveException(string archivePath, string? entryName, string reason, Exception? innerException = null)
        : base(entryName is null ? $"{archivePath}: {reason}" : $"{archivePath}: entry '{entryName}': {reason}", innerException)
    {
        ArchivePath = archivePath;
        EntryName = entryName;
    }

    /// <summary>The archive.</summary>
    public string ArchivePath { get; }

    /// <summary>The offending entry, or null when the archive as a whole is at fault.</summary>
    public string? EntryName { get; }
}
