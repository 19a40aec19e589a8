using System.Buffers.Binary;
using MusicGenre.Audio.Pcm;

namespace MusicGenre.Audio.Au;

/// <summary>
/// Sun/NeXT AU (<c>.snd</c>), GTZAN's original format: big-endian PCM 8/16/24/32, float, double, mu-law, A-law;
/// a data size of 0xFFFFFFFF means "to the end of the file". Thread-safe (stateless).
/// </summary>
internal sealed class AuDecoder : IAudioDecoder
{
    /// <summary>The shared instance.</summary>
    public static readonly AuDecoder Instance = new();

    private const int HeaderSize = 24;

    public IAudioSource Open(Stream stream, DecodeRequest request)
    {
        Span<byte> header = stackalloc byte[HeaderSize];
        HeaderReader.ReadExactly(stream, header, request, "AU header");
        long dataOffset = BinaryPrimitives.ReadUInt32BigEndian(header[4..]);
        long dataSize = BinaryPrimitives.ReadUInt32BigEndian(header[8..]);
        uint encodingCode = BinaryPrimitives.ReadUInt32BigEndian(header[12..]);
        long sampleRate = BinaryPrimitives.ReadUInt32BigEndian(header[16..]);
        long channels = BinaryPrimitives.ReadUInt32BigEndian(header[20..]);

        request.ValidateLayout((int)Math.Min(channels, int.MaxValue), sampleRate, "AU");
        PcmEncoding encoding = encodingCode switch
        {
            1 => PcmEncoding.MuLaw,
            2 => PcmEncoding.Int8,
            3 => PcmEncoding.Int16,
            4 => PcmEncoding.Int24,
            5 => PcmEncoding.Int32,
            6 => PcmEncoding.Float32,
            7 => PcmEncoding.Float64,
            27 => PcmEncoding.ALaw,
            _ => throw new AudioCodecNotSupportedException(request.Name, $"AU encoding {encodingCode} has no managed decoder (supported: 1 mu-law, 2-5 PCM 8/16/24/32, 6 float, 7 double, 27 A-law)"),
        };
        if (dataOffset < HeaderSize || dataOffset > stream.Length)
            throw request.Error($"AU data offset {dataOffset} is outside the file (header is {HeaderSize} bytes, file is {stream.Length})");
        stream.Position = dataOffset;
        var layout = new PcmLayout(encoding, BigEndian: true, (int)channels, (int)sampleRate);
        return new PcmSource(stream, stream.Position, dataSize == uint.MaxValue ? -1 : dataSize, layout, request, "AU");
    }
}
