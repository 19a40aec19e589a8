using System.Text;

namespace MusicGenre.IO;

/// <summary>
/// Writes files so that a crash, a full disk or a cancellation never leaves a half-written one: the bytes go to a
/// temporary file in the destination folder (<c>.name.xxxxxxxx.tmp</c>), are flushed to disk, and the temporary file
/// is renamed over the destination. An existing file survives any failure, and the temporary file is deleted on
/// failure. Every file MusicGenre writes (models, checkpoints, reports, plots, cache entries, downloads, the CLI's
/// outputs) goes through here. Thread-safe.
/// </summary>
/// <remarks>
/// Failures of the file system (disk full, read-only, permission denied, path too long) are a
/// <see cref="FileWriteException"/> naming the destination and the reason. Exceptions of the caller's own writer
/// (other than I/O) pass through unchanged, after the temporary file is deleted.
/// </remarks>
internal static class AtomicFile
{
    private static readonly object Gate = new();
    private static int pending;

    /// <summary>Writes a file with <paramref name="write"/>, which receives the temporary file's stream.</summary>
    /// <param name="path">The destination; its folder is created when missing.</param>
    /// <param name="write">Writes the content (it must not close the stream).</param>
    /// <exception cref="FileWriteException">The file system refused the write; the destination is unchanged.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var file = new PendingFile(path);
        file.Guard(() => write(file.Stream));
        file.Commit();
    }

    /// <summary>Writes bytes to a file.</summary>
    /// <param name="path">The destination; its folder is created when missing.</param>
    /// <param name="content">The bytes.</param>
    /// <exception cref="FileWriteException">The file system refused the write; the destination is unchanged.</exception>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> content)
    {
        using var file = new PendingFile(path);
        try
        {
            file.Stream.Write(content);
        }
        catch (Exception e) when (PendingFile.IsFileSystemFailure(e))
        {
            throw file.Failure(e);
        }
        file.Commit();
    }

    /// <summary>Writes text to a file as UTF-8 (without a byte-order mark).</summary>
    /// <param name="path">The destination; its folder is created when missing.</param>
    /// <param name="content">The text.</param>
    /// <exception cref="FileWriteException">The file system refused the write; the destination is unchanged.</exception>
    public static void WriteAllText(string path, string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        WriteAllBytes(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(content));
    }

    /// <summary>
    /// Flushes a file that is already complete (for example a verified download) to disk and renames it over
    /// <paramref name="path"/>. Both must be in the same folder, so that the rename is atomic.
    /// </summary>
    /// <param name="completedFile">The finished file.</param>
    /// <param name="path">The destination.</param>
    /// <exception cref="ArgumentException">The files are in different folders.</exception>
    /// <exception cref="FileWriteException">The file system refused; the destination is unchanged.</exception>
    public static void MoveIntoPlace(string completedFile, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(completedFile);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var source = Path.GetFullPath(completedFile);
        var destination = Path.GetFullPath(path);
        if (!string.Equals(Path.GetDirectoryName(source), Path.GetDirectoryName(destination), StringComparison.Ordinal))
            throw new ArgumentException($"{source} and {destination} are in different folders; the rename would not be atomic.", nameof(completedFile));
        var existed = File.Exists(destination);
        try
        {
            using (var stream = new FileStream(source, FileMode.Open, FileAccess.Write, FileShare.None)) stream.Flush(flushToDisk: true);
            File.Move(source, destination, overwrite: true);
        }
        catch (Exception e) when (PendingFile.IsFileSystemFailure(e))
        {
            throw new FileWriteException(destination, FileWriteException.Describe(e), existed, e);
        }
    }

    /// <summary>
    /// Waits until no atomic write is in progress in this process, so that an application that must exit now (a second
    /// Ctrl-C, a shutdown deadline) leaves neither a temporary file nor a missing result behind.
    /// </summary>
    /// <param name="timeout">The longest wait.</param>
    /// <returns>True when no write is in progress.</returns>
    public static bool WaitForPendingWrites(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        lock (Gate)
        {
            while (pending > 0)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || !Monitor.Wait(Gate, left)) return pending == 0;
            }
            return true;
        }
    }

    /// <summary>True when <paramref name="path"/> names one of this class's temporary files (<c>.name.xxxxxxxx.tmp</c>).</summary>
    /// <param name="path">A file name or path.</param>
    public static bool IsTemporaryFile(string path)
    {
        var name = Path.GetFileName(path);
        if (name.Length < 15 || name[0] != '.' || !name.EndsWith(".tmp", StringComparison.Ordinal)) return false;
        var tag = name.AsSpan(name.Length - 13, 9); // ".xxxxxxxx"
        if (tag[0] != '.') return false;
        foreach (var c in tag[1..]) if (!char.IsAsciiHexDigitLower(c)) return false;
        return true;
    }

    /// <summary>One write in progress: the temporary file, its stream, the commit and the clean-up.</summary>
    private sealed class PendingFile : IDisposable
    {
        /// <summary>Characters of the destination's name kept in the temporary name, so that it stays within 255 bytes when the destination's does.</summary>
        private const int NameCharacters = 48;

        private readonly string destination;
        private readonly string temporary;
        private readonly bool existed;
        private FileStream? stream;
        private bool committed;

        public PendingFile(string path)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(path);
            destination = Path.GetFullPath(path);
            var folder = Path.GetDirectoryName(destination) ?? throw new ArgumentException($"'{path}' has no folder.", nameof(path));
            var name = Path.GetFileName(destination);
            if (name.Length == 0) throw new ArgumentException($"'{path}' names a folder, not a file.", nameof(path));
            temporary = Path.Combine(folder, $".{(name.Length > NameCharacters ? name[..NameCharacters] : name)}.{Random.Shared.Next():x8}.tmp");
            existed = File.Exists(destination);
            lock (Gate) pending++;
            try
            {
                try
                {
                    Directory.CreateDirectory(folder);
                }
                catch (Exception e) when (IsFileSystemFailure(e))
                {
                    throw new FileWriteException(destination, $"the folder {folder} cannot be created: {FileWriteException.Describe(e)}", existed, e);
                }
                try
                {
                    stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
                }
                catch (Exception e) when (IsFileSystemFailure(e))
                {
                    throw Failure(e);
                }
            }
            catch
            {
                Release();
                throw;
            }
        }

        public Stream Stream => stream ?? throw new ObjectDisposedException(nameof(PendingFile));

        /// <summary>Runs the caller's writer, turning file-system failures into <see cref="FileWriteException"/>.</summary>
        public void Guard(Action write)
        {
            try
            {
                write();
            }
            catch (Exception e) when (IsFileSystemFailure(e))
            {
                throw Failure(e);
            }
        }

        public void Commit()
        {
            try
            {
                stream!.Flush(flushToDisk: true);
                stream.Dispose();
                stream = null;
                File.Move(temporary, destination, overwrite: true);
                committed = true;
            }
            catch (Exception e) when (IsFileSystemFailure(e))
            {
                throw Failure(e);
            }
        }

        public FileWriteException Failure(Exception e) => new(destination, FileWriteException.Describe(e), existed, e);

        public void Dispose()
        {
            if (stream is not null)
            {
                try
                {
                    stream.Dispose(); // after a failed write its buffer cannot be flushed either; the handle is closed all the same
                }
                catch (Exception e) when (IsFileSystemFailure(e))
                {
                }
                stream = null;
            }
            if (!committed) TryDelete(temporary);
            Release();
        }

        private void Release()
        {
            lock (Gate)
            {
                pending--;
                Monitor.PulseAll(Gate);
            }
        }

        /// <summary>Failures of the file system itself (not of a decoder's <see cref="IOException"/> subclasses, nor ours).</summary>
        public static bool IsFileSystemFailure(Exception e)
            => e is UnauthorizedAccessException or PathTooLongException or DirectoryNotFoundException or FileNotFoundException or DriveNotFoundException
               || (e is IOException && e.GetType() == typeof(IOException));

        private static void TryDelete(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception e) when (IsFileSystemFailure(e))
            {
                // best effort: the destination is what matters, and it is untouched
            }
        }
    }
}
