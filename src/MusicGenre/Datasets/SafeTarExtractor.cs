using System.Formats.Tar;
using System.IO.Compression;
using MusicGenre.IO;

namespace MusicGenre.Datasets;

/// <summary>
/// Extracts <c>.tar</c> and <c>.tar.gz</c> archives without trusting them: entries whose path leaves the target
/// folder (absolute paths, <c>..</c>), links, devices and entries over the size limits are rejected with an
/// <see cref="ArchiveException"/> before anything of theirs is written.
/// </summary>
internal static class SafeTarExtractor
{
    /// <summary>Extracts an archive (gzip-compressed when its name ends in <c>.gz</c>/<c>.tgz</c> or its content starts with the gzip magic).</summary>
    /// <param name="archivePath">The archive.</param>
    /// <param name="targetFolder">Where to extract (created if needed).</param>
    /// <param name="options">Size limits; null for defaults.</param>
    /// <param name="progress">Receives the number of bytes extracted so far.</param>
    /// <param name="cancellationToken">Stops between entries and blocks.</param>
    /// <returns>The number of files written.</returns>
    /// <exception cref="ArchiveException">An entry is unsafe, or the archive is corrupt.</exception>
    public static int Extract(string archivePath, string targetFolder, TarExtractionOptions? options = null, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(archivePath);
        ArgumentException.ThrowIfNullOrWhiteSpace(targetFolder);
        options ??= new TarExtractionOptions();
        options.Validate();
        if (!File.Exists(archivePath)) throw new FileNotFoundException($"Archive not found: {archivePath}", archivePath);

        var root = Path.GetFullPath(targetFolder);
        Directory.CreateDirectory(root);
        var rootWithSeparator = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;

        using var file = File.OpenRead(archivePath);
        Stream stream = file;
        if (IsGzip(file)) stream = new GZipStream(file, CompressionMode.Decompress);
        try
        {
            using var reader = new TarReader(stream);
            int entries = 0, files = 0;
            long total = 0;
            var buffer = new byte[81920];
            while (reader.GetNextEntry() is { } entry)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (++entries > options.MaxEntries)
                    throw new ArchiveException(archivePath, null, $"more than {options.MaxEntries} entries; refusing to extract.");
                var destination = SafeDestination(archivePath, entry.Name, rootWithSeparator);
                switch (entry.EntryType)
                {
                    case TarEntryType.Directory:
                        if (destination is not null) Directory.CreateDirectory(destination);
                        continue;
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                        break;
                    case TarEntryType.SymbolicLink or TarEntryType.HardLink:
                        throw new ArchiveException(archivePath, entry.Name, $"is a {(entry.EntryType == TarEntryType.SymbolicLink ? "symbolic" : "hard")} link to '{entry.LinkName}'; links are not extracted.");
                    default:
                        throw new ArchiveException(archivePath, entry.Name, $"has entry type {entry.EntryType}; only files and folders are extracted.");
                }
                if (destination is null)
                    throw new ArchiveException(archivePath, entry.Name, "is a file with an empty name.");
                if (entry.Length < 0 || entry.Length > options.MaxEntryBytes)
                    throw new ArchiveException(archivePath, entry.Name, $"claims {entry.Length} bytes, over the {options.MaxEntryBytes}-byte limit per entry.");
                if (total + entry.Length > options.MaxTotalBytes)
                    throw new ArchiveException(archivePath, entry.Name, $"would bring the total past the {options.MaxTotalBytes}-byte limit.");

                // Each file appears complete or not at all: an interrupted extraction never leaves a truncated track.
                AtomicFile.Write(destination, output =>
                {
                    if (entry.DataStream is not { } data) return;
                    int read;
                    while ((read = data.Read(buffer)) > 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        output.Write(buffer, 0, read);
                        total += read;
                        progress?.Report(total);
                    }
                });
                files++;
            }
            return files;
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new ArchiveException(archivePath, null, $"corrupt or truncated archive ({ex.Message}).", ex);
        }
        finally
        {
            if (!ReferenceEquals(stream, file)) stream.Dispose();
        }
    }

    /// <summary>The full destination of an entry, or null for the root itself; throws when it escapes the root.</summary>
    private static string? SafeDestination(string archivePath, string name, string rootWithSeparator)
    {
        var normalised = name.Replace('\\', '/');
        if (normalised.StartsWith('/') || (normalised.Length >= 2 && normalised[1] == ':') || normalised.Contains('\0'))
            throw new ArchiveException(archivePath, name, "has an absolute path; refusing to extract outside the target folder.");
        var segments = normalised.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Any(s => s == ".."))
            throw new ArchiveException(archivePath, name, "contains '..'; refusing to extract outside the target folder.");
        segments = segments.Where(s => s != ".").ToArray();
        if (segments.Length == 0) return null;
        var full = Path.GetFullPath(Path.Combine([rootWithSeparator, .. segments]));
        if (!full.StartsWith(rootWithSeparator, StringComparison.Ordinal))
            throw new ArchiveException(archivePath, name, "resolves outside the target folder.");
        return full;
    }

    private static bool IsGzip(FileStream file)
    {
        Span<byte> magic = stackalloc byte[2];
        var n = file.Read(magic);
        file.Position = 0;
        return n == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }
}
