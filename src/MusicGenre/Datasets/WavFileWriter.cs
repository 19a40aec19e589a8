using System.Buffers.Binary;
using MusicGenre.IO;

namespace MusicGenre.Datasets;

/// <summary>
/// Writes mono or interleaved multi-channel audio as a canonical RIFF/WAVE file, 16-bit PCM (samples are clipped to
/// [-1, 1] and rounded) or 32-bit IEEE float. Used for the synthetic dataset; any WAV reader opens the result.
/// </summary>
public static class WavFileWriter
{
    /// <summary>Writes a WAV file atomically (<see cref="AtomicFile"/>), replacing any existing file.</summary>
    /// <param name="path">Destination file; its folder is created if needed.</param>
    /// <param name="samples">Samples in [-1, 1], interleaved when <paramref name="channels"/> &gt; 1.</param>
    /// <param name="sampleRate">Sample rate in Hz.</param>
    /// <param name="channels">Channel count; default 1.</param>
    /// <param name="floatingPoint">Write 32-bit float instead of 16-bit PCM; default false.</param>
    /// <exception cref="FileWriteException">The file system refused the write (the file that was there is unchanged).</exception>
    public static void Write(string path, ReadOnlySpan<float> samples, int sampleRate, int channels = 1, bool floatingPoint = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var copy = samples.ToArray(); // a span cannot enter the writer's lambda
        AtomicFile.Write(path, stream => Write(stream, copy, sampleRate, channels, floatingPoint));
    }

    /// <summary>Writes a WAV file to a stream.</summary>
    /// <param name="stream">A writable stream.</param>
    /// <param name="samples">Samples in [-1, 1], interleaved when <paramref name="channels"/> &gt; 1.</param>
    /// <param name="sampleRate">Sample rate in Hz.</param>
    /// <param name="channels">Channel count; default 1.</param>
    /// <param name="floatingPoint">Write 32-bit float instead of 16-bit PCM; default false.</param>
    public static void Write(Stream stream, ReadOnlySpan<float> samples, int sampleRate, int channels = 1, bool floatingPoint = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        if (samples.Length % channels != 0)
            throw new ArgumentException($"Sample count {samples.Length} is not a multiple of the channel count {channels}.", nameof(samples));
        var bytesPerSample = floatingPoint ? 4 : 2;
        var dataBytes = (long)samples.Length * bytesPerSample;
        if (dataBytes > uint.MaxValue - 36) throw new ArgumentException("Too many samples for a WAV file (4 GB limit).", nameof(samples));

        Span<byte> header = stackalloc byte[44];
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)(36 + dataBytes));
        "WAVE"u8.CopyTo(header[8..]);
        "fmt "u8.CopyTo(header[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(header[20..], (ushort)(floatingPoint ? 3 : 1));
        BinaryPrimitives.WriteUInt16LittleEndian(header[22..], (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(header[28..], (uint)(sampleRate * channels * bytesPerSample));
        BinaryPrimitives.WriteUInt16LittleEndian(header[32..], (ushort)(channels * bytesPerSample));
        BinaryPrimitives.WriteUInt16LittleEndian(header[34..], (ushort)(bytesPerSample * 8));
        "data"u8.CopyTo(header[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[40..], (uint)dataBytes);
        stream.Write(header);

        Span<byte> buffer = stackalloc byte[4096];
        var perChunk = buffer.Length / bytesPerSample;
        for (var start = 0; start < samples.Length; start += perChunk)
        {
            var chunk = samples.Slice(start, Math.Min(perChunk, samples.Length - start));
            for (var i = 0; i < chunk.Length; i++)
            {
                if (floatingPoint) BinaryPrimitives.WriteSingleLittleEndian(buffer[(i * 4)..], chunk[i]);
                else BinaryPrimitives.WriteInt16LittleEndian(buffer[(i * 2)..], ToPcm16(chunk[i]));
            }
            stream.Write(buffer[..(chunk.Length * bytesPerSample)]);
        }
    }

    private static short ToPcm16(float x)
    {
        if (float.IsNaN(x)) return 0;
        var v = MathF.Round(Math.Clamp(x, -1f, 1f) * 32767f);
        return (short)v;
    }
}
