using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using MusicGenre.IO;

namespace MusicGenre.Datasets;

/// <summary>
/// An on-disk cache of per-file features (e.g. log-mel spectrograms) keyed by the file's content (SHA-256) and a
/// fingerprint of the feature options, so that a second run skips decoding and feature extraction, and renamed or
/// moved files still hit. Entries are written atomically (temporary file, then rename). Thread-safe.
/// </summary>
public sealed class FeatureCache
{
    private const uint Magic = 0x4D4C474D; // "MGLM"
    private const int FormatVersion = 1;
    private long _hits;
    private long _misses;

    /// <summary>Creates a cache in <paramref name="folder"/> for features computed with the given options.</summary>
    /// <param name="folder">The cache folder (created when the first entry is written).</param>
    /// <param name="optionsFingerprint">
    /// Text that changes whenever the features would change (e.g. <c>logmel sr=22050 n_fft=2048 hop=512 n_mels=64</c>);
    /// see <see cref="Fingerprint(object[])"/>.
    /// </param>
    public FeatureCache(string folder, string optionsFingerprint)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentException.ThrowIfNullOrWhiteSpace(optionsFingerprint);
        Folder = Path.GetFullPath(folder);
        OptionsKey = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(optionsFingerprint)))[..16];
    }

    /// <summary>
    /// The default cache folder: <c>$MUSICGENRE_CACHE/features</c>, else <c>$XDG_CACHE_HOME/musicgenre/features</c>,
    /// else <c>~/.cache/musicgenre/features</c> (the local application data folder on Windows).
    /// </summary>
    public static string DefaultFolder
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("MUSICGENRE_CACHE");
            if (!string.IsNullOrWhiteSpace(env)) return Path.Combine(env, "features");
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (!string.IsNullOrWhiteSpace(xdg)) return Path.Combine(xdg, "musicgenre", "features");
            var root = OperatingSystem.IsWindows()
                ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.Combine(root, "musicgenre", "features");
        }
    }

    /// <summary>The cache folder.</summary>
    public string Folder { get; }

    /// <summary>A short hash of the options fingerprint; part of every entry's name.</summary>
    public string OptionsKey { get; }

    /// <summary>Number of lookups answered from the cache.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Number of lookups that had to compute.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Builds a fingerprint string from option values (their <c>ToString()</c>, invariant culture).</summary>
    /// <param name="parts">Option names and values.</param>
    public static string Fingerprint(params object?[] parts)
        => string.Join("|", parts.Select(p => p is IFormattable f ? f.ToString(null, System.Globalization.CultureInfo.InvariantCulture) : p?.ToString() ?? "null"));

    /// <summary>The SHA-256 of a file's content, lower-case hex.</summary>
    /// <param name="path">The file.</param>
    public static string ContentHash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Returns the cached features of <paramref name="path"/>, or computes, stores and returns them.</summary>
    /// <param name="path">The audio file.</param>
    /// <param name="compute">Computes the features when they are not cached (typically decode + log-mel).</param>
    public CachedFeatures GetOrCompute(string path, Func<string, CachedFeatures> compute)
    {
        ArgumentNullException.ThrowIfNull(compute);
        var entry = EntryPath(ContentHash(path));
        if (TryRead(entry) is { } cached)
        {
            Interlocked.Increment(ref _hits);
            return cached;
        }
        Interlocked.Increment(ref _misses);
        var features = compute(path);
        Write(entry, features);
        return features;
    }

    /// <summary>Returns the cached features of <paramref name="path"/>, or null when absent (or unreadable).</summary>
    /// <param name="path">The audio file.</param>
    public CachedFeatures? TryGet(string path) => TryRead(EntryPath(ContentHash(path)));

    private string EntryPath(string contentHash) => Path.Combine(Folder, contentHash[..2], $"{contentHash}-{OptionsKey}.lmel");

    private static CachedFeatures? TryRead(string entry)
    {
        try
        {
            if (!File.Exists(entry)) return null;
            var bytes = File.ReadAllBytes(entry);
            if (bytes.Length < 16 || BinaryPrimitives.ReadUInt32LittleEndian(bytes) != Magic || BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4)) != FormatVersion)
                return null;
            var rows = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
            var cols = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(12));
            if (rows <= 0 || cols <= 0 || (long)rows * cols * 4 != bytes.Length - 16) return null;
            var values = new float[rows * cols];
            var source = bytes.AsSpan(16);
            if (BitConverter.IsLittleEndian) MemoryMarshal.Cast<byte, float>(source).CopyTo(values);
            else for (var i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(4 * i)..]);
            return new CachedFeatures(values, rows, cols);
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    private static void Write(string entry, CachedFeatures features)
    {
        if (features.Values.Length != features.Rows * features.Columns)
            throw new ArgumentException($"Features claim {features.Rows}×{features.Columns} but hold {features.Values.Length} values.", nameof(features));
        try
        {
            AtomicFile.Write(entry, stream =>
            {
                Span<byte> header = stackalloc byte[16];
                BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
                BinaryPrimitives.WriteInt32LittleEndian(header[4..], FormatVersion);
                BinaryPrimitives.WriteInt32LittleEndian(header[8..], features.Rows);
                BinaryPrimitives.WriteInt32LittleEndian(header[12..], features.Columns);
                stream.Write(header);
                if (BitConverter.IsLittleEndian) stream.Write(MemoryMarshal.AsBytes(features.Values.AsSpan()));
                else
                {
                    Span<byte> b = stackalloc byte[4];
                    foreach (var v in features.Values) { BinaryPrimitives.WriteSingleLittleEndian(b, v); stream.Write(b); }
                }
            });
        }
        catch (IOException) { /* a cache that cannot be written is only slower (FileWriteException is an IOException) */ }
    }
}
