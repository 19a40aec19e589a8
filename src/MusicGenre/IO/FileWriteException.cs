namespace MusicGenre.IO;

/// <summary>
/// A file could not be written: the disk is full, the file system is read-only, permission is denied, the path is too
/// long, or another I/O failure. MusicGenre writes every file (models, checkpoints, reports, plots, cache entries,
/// downloads) to a temporary file in the destination folder and renames it into place, so the file that was at
/// <see cref="FilePath"/> (if any) is unchanged and no temporary file is left behind.
/// </summary>
public sealed class FileWriteException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="filePath">The file that was being written.</param>
    /// <param name="reason">What went wrong, in words (e.g. "the disk is full (no space left on device)").</param>
    /// <param name="existed">Whether a file was there before (the message then says it is unchanged).</param>
    /// <param name="innerException">The underlying failure.</param>
    public FileWriteException(string filePath, string reason, bool existed, Exception? innerException = null)
        : base($"{filePath}: could not be written: {reason}{(existed ? "; the file that was there is unchanged" : "")}.", innerException)
    {
        FilePath = filePath;
        Reason = reason;
        if (innerException is not null) HResult = innerException.HResult;
    }

    /// <summary>The file that was being written (full path).</summary>
    public string FilePath { get; }

    /// <summary>What went wrong, in words.</summary>
    public string Reason { get; }

    /// <summary>
    /// Says what an I/O failure means: disk full, read-only file system, quota exceeded, permission denied, path too
    /// long, a folder missing; otherwise the exception's own message.
    /// </summary>
    /// <param name="exception">An exception thrown by a file-system call.</param>
    internal static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            FileWriteException write => write.Reason,
            UnauthorizedAccessException => "permission denied",
            PathTooLongException => "the path is too long (a name over 255 bytes, or the whole path over the system's limit)",
            DirectoryNotFoundException => "a folder on the path does not exist",
            IOException io when Known(io.HResult) is { } known => known,
            _ => exception.Message,
        };
    }

    /// <summary>The meaning of the error codes .NET puts in <see cref="Exception.HResult"/>: errno on Unix, a Win32 HRESULT on Windows.</summary>
    private static string? Known(int hresult)
    {
        if (OperatingSystem.IsWindows())
            return (hresult & 0xFFFF) switch
            {
                0x70 or 0x27 => "the disk is full",
                0x13 => "the disk is write-protected",
                0x05 => "permission denied",
                0xCE => "the path is too long",
                _ => null,
            };
        return hresult switch
        {
            28 => "the disk is full (no space left on device)",
            30 => "the file system is read-only",
            27 => "the file is too large for the file system",
            122 when OperatingSystem.IsLinux() => "the disk quota is exceeded",
            69 when OperatingSystem.IsMacOS() => "the disk quota is exceeded",
            13 or 1 => "permission denied",
            36 when OperatingSystem.IsLinux() => "the path is too long",
            63 when OperatingSystem.IsMacOS() => "the path is too long",
            5 => "an input/output error (the device failed)",
            _ => null,
        };
    }
}
