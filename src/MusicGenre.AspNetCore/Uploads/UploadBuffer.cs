using System.Buffers;

namespace MusicGenre.AspNetCore.Uploads;

/// <summary>
/// An upload received into one contiguous array rented from the shared pool, grown by doubling up to one byte more
/// than its limit, and handed to the decoder as a read-only <see cref="MemoryStream"/>. Dispose it (once the decoder
/// is done with it) to return the array. Not thread-safe.
/// </summary>
internal sealed class UploadBuffer : IDisposable
{
    private const int MinimumRead = 16 * 1024;
    private readonly int cap;
    private byte[]? array;

    /// <param name="initialCapacity">Bytes to rent at first (for example the Content-Length).</param>
    /// <param name="limit">The most bytes an upload may have.</param>
    public UploadBuffer(long initialCapacity, long limit)
    {
        cap = (int)Math.Min(limit + 1, Array.MaxLength);
        array = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(initialCapacity, MinimumRead, cap));
    }

    /// <summary>Bytes received so far.</summary>
    public int Length { get; private set; }

    /// <summary>
    /// Reads <paramref name="source"/> to its end into the buffer; false as soon as it holds more than the limit
    /// (reading stops there: the rest is never read).
    /// </summary>
    public async Task<bool> ReadToEndAsync(Stream source, CancellationToken cancellationToken)
    {
        while (true)
        {
            var free = Free();
            if (free.Length == 0) return false;
            int read = await source.ReadAsync(free, cancellationToken).ConfigureAwait(false);
            if (read == 0) return true;
            Length += read;
        }
    }

    /// <summary>The bytes received, as a read-only seekable stream over the buffer (valid until disposed).</summary>
    public MemoryStream AsStream() => new(array ?? throw new ObjectDisposedException(nameof(UploadBuffer)), 0, Length, writable: false);

    public void Dispose()
    {
        if (array is { } bytes) ArrayPool<byte>.Shared.Return(bytes);
        array = null;
    }

    /// <summary>Space for the next bytes, growing the array when little is left; empty once a byte past the limit is held.</summary>
    private Memory<byte> Free()
    {
        var bytes = array ?? throw new ObjectDisposedException(nameof(UploadBuffer));
        int usable = Math.Min(bytes.Length, cap);
        if (usable - Length < MinimumRead && usable < cap)
        {
            var grown = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)bytes.Length * 2, cap));
            bytes.AsSpan(0, Length).CopyTo(grown);
            ArrayPool<byte>.Shared.Return(bytes);
            array = bytes = grown;
            usable = Math.Min(bytes.Length, cap);
        }
        return bytes.AsMemory(Length, usable - Length);
    }
}
