using System.Buffers.Binary;
using MusicGenre.Audio.Pcm;

namespace MusicGenre.Audio.Aiff;

/// <summary>
/// AIFF and AIFF-C: big-endian PCM 8/16/24/32 (<c>NONE</c>/<c>twos</c>), little-endian PCM (<c>sowt</c>), float
/// 32/64 (<c>fl32</c>/<c>fl64</c>), mu-law and A-law. Thread-safe (stateless).
/// </summary>
internal sealed class AiffDecoder : IAudioDecoder
{
    /// <summary>The shared instance.</summary>
    public static readonly AiffDecoder Instance = new();

    public IAudioSource Open(Stream stream, DecodeRequest request)
    {
        Span<byte> head = stackalloc byte[12];
        HeaderReader.ReadExactly(stream, head, request, "AIFF FORM header");
        bool isAifc = head[8..12].SequenceEqual("AIFC"u8);
        PcmLayout? layout = null;
        long declaredFrames = 0, dataStart = -1, dataSize = -1;
        Span<byte> chunk = stackalloc byte[8];
        Span<byte> comm = stackalloc byte[22];
        Span<byte> ssnd = stackalloc byte[8];
        while (stream.Length - stream.Position >= 8)
        {
            request.CancellationToken.ThrowIfCancellationRequested();
            HeaderReader.ReadExactly(stream, chunk, request, "AIFF chunk header");
            long size = BinaryPrimitives.ReadUInt32BigEndian(chunk[4..]);
            long bodyStart = stream.Position;
            if (chunk.StartsWith("COMM"u8))
            {
                int take = (int)Math.Min(size, isAifc ? 22 : 18);
                HeaderReader.ReadExactly(stream, comm[..take], request, "AIFF COMM chunk");
                (layout, declaredFrames) = ParseComm(comm[..take], isAifc, request);
            }
            else if (chunk.StartsWith("SSND"u8))
            {
                HeaderReader.ReadExactly(stream, ssnd, request, "AIFF SSND chunk");
                long offset = BinaryPrimitives.ReadUInt32BigEndian(ssnd);
                dataStart = bodyStart + 8 + offset;
                dataSize = Math.Max(0, size - 8 - offset);
                if (layout is not null) break;
            }
            stream.Position = bodyStart;
            if (!HeaderReader.TrySkip(stream, size + (size & 1))) break;
        }

        if (layout is null) throw request.Error("AIFF file has no COMM chunk");
        if (dataStart < 0) throw request.Error("no audio frames: the AIFF file has no SSND chunk");
        if (dataStart > stream.Length) throw request.Error($"AIFF SSND data offset {dataStart} is beyond the end of the file ({stream.Length} bytes)");
        stream.Position = dataStart;
        long declaredBytes = Math.Min(dataSize, declaredFrames * layout.Value.BytesPerFrame);
        return new PcmSource(stream, stream.Position, declaredBytes, layout.Value, request, "AIFF");
    }

    private static (PcmLayout Layout, long Frames) ParseComm(ReadOnlySpan<byte> body, bool isAifc, DecodeRequest request)
    {
        if (body.Length < 18) throw request.Error($"AIFF COMM chunk is {body.Length} bytes; 18 are needed");
        int channels = BinaryPrimitives.ReadInt16BigEndian(body);
        long frames = BinaryPrimitives.ReadUInt32BigEndian(body[2..]);
        int bits = BinaryPrimitives.ReadInt16BigEndian(body[6..]);
        double rate = ReadExtended(body.Slice(8, 10));
        if (!double.IsFinite(rate) || rate < 1 || rate > AudioLimits.MaxSampleRate)
            throw request.Error($"AIFF sample rate {rate} Hz is not valid");
        request.ValidateLayout(channels, (long)Math.Round(rate), "AIFF");
        string compression = isAifc && body.Length >= 22 ? HeaderReader.FourCc(body[18..22]) : "NONE";
        int bytes = (bits + 7) / 8;
        PcmEncoding? encoding = (compression, bytes) switch
        {
            ("NONE" or "twos" or "sowt", 1) => PcmEncoding.Int8,
            ("raw ", 1) => PcmEncoding.UInt8,
            ("NONE" or "twos" or "sowt", 2) => PcmEncoding.Int16,
            ("NONE" or "twos" or "sowt" or "in24", 3) => PcmEncoding.Int24,
            ("NONE" or "twos" or "sowt" or "in32", 4) => PcmEncoding.Int32,
            ("fl32" or "FL32", _) => PcmEncoding.Float32,
            ("fl64" or "FL64", _) => PcmEncoding.Float64,
            ("ulaw" or "ULAW", _) => PcmEncoding.MuLaw,
            ("alaw" or "ALAW", _) => PcmEncoding.ALaw,
            _ => null,
        };
        if (encoding is null)
        {
            if (compression is "NONE" or "twos" or "sowt")
                throw request.Error($"AIFF sample size {bits} bits is not valid");
            throw new AudioCodecNotSupportedException(request.Name, $"AIFF-C compression '{compression}' ({bits} bits) has no managed decoder");
        }
        return (new PcmLayout(encoding.Value, BigEndian: compression != "sowt", channels, (int)Math.Round(rate)), frames);
    }

    /// <summary>Reads an IEEE 754 80-bit extended float (big-endian), as AIFF stores its sample rate.</summary>
    internal static double ReadExtended(ReadOnlySpan<byte> b)
    {
        int exponent = ((b[0] & 0x7F) << 8) | b[1];
        ulong mantissa = BinaryPrimitives.ReadUInt64BigEndian(b[2..]);
        if (exponent == 0 && mantissa == 0) return 0;
        if (exponent == 0x7FFF) return double.NaN;
        double value = mantissa * Math.Pow(2, exponent - 16383 - 63);
        return (b[0] & 0x80) != 0 ? -value : value;
    }
}
