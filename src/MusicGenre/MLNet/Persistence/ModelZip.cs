using System.IO.Compression;
using System.Security.Cryptography;

namespace MusicGenre.MLNet.Persistence;

/// <summary>
/// Zip writing and reading as model files use it: entries stored (not compressed) with a fixed time stamp, so the same
/// model gives the same bytes, and reading that checks every length before it allocates.
/// </summary>
internal static class ModelZip
{
    private static readonly DateTimeOffset FixedTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static byte[] Write(IEnumerable<(string Name, byte[] Content)> entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                var entry = zip.CreateEntry(name, CompressionLevel.NoCompression);
                entry.LastWriteTime = FixedTime;
                using var stream = entry.Open();
                stream.Write(content);
            }
        }
        return buffer.ToArray();
    }

    /// <summary>Every entry of a zip, in order (for repacking ML.NET's own zips deterministically).</summary>
    public static List<(string Name, byte[] Content)> ReadAll(byte[] zipBytes)
    {
        using var zip = new ZipArchive(new MemoryStream(zipBytes, writable: false), ZipArchiveMode.Read);
        return zip.Entries.Select(e => (e.FullName, Read(e, e.Length))).ToList();
    }

    /// <summary>
    /// The content of <paramref name="entry"/>, which must be exactly <paramref name="expectedLength"/> bytes (checked
    /// before allocating and again after reading).
    /// </summary>
    public static byte[] Read(ZipArchiveEntry entry, long expectedLength)
    {
        if (entry.Length != expectedLength || expectedLength < 0 || expectedLength > Array.MaxLength)
            throw new InvalidDataException($"entry '{entry.FullName}' is {entry.Length} bytes, {expectedLength} expected.");
        var content = new byte[expectedLength];
        using var stream = entry.Open();
        int read = stream.ReadAtLeast(content, content.Length, throwOnEndOfStream: false);
        if (read != content.Length || stream.ReadByte() != -1)
            throw new InvalidDataException($"entry '{entry.FullName}' does not hold the {expectedLength} bytes it claims.");
        return content;
    }

    public static string Sha256(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
