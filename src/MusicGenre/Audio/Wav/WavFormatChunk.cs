using System.Buffers.Binary;
using MusicGenre.Audio.Pcm;

namespace MusicGenre.Audio.Wav;

/// <summary>The <c>fmt </c> chunk of a WAV file, including WAVE_FORMAT_EXTENSIBLE's sub-format.</summary>
internal readonly record struct WavFormatChunk(int FormatTag, int Channels, long SampleRate, int BlockAlign, int BitsPerSample)
{
    public const int Pcm = 0x0001;
    public const int IeeeFloat = 0x0003;
    public const int ALaw = 0x0006;
    public const int MuLaw = 0x0007;
    public const int Extensible = 0xFFFE;

    /// <summary>Parses the chunk body (at least 16 bytes); the format tag of an extensible chunk is its sub-format's.</summary>
    public static WavFormatChunk Parse(ReadOnlySpan<byte> body, DecodeRequest request)
    {
        if (body.Length < 16) throw request.Error($"WAV fmt chunk is {body.Length} bytes; at least 16 are needed");
        int tag = BinaryPrimitives.ReadUInt16LittleEndian(body);
        int channels = BinaryPrimitives.ReadUInt16LittleEndian(body[2..]);
        long rate = BinaryPrimitives.ReadUInt32LittleEndian(body[4..]);
        int blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(body[12..]);
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(body[14..]);
        if (tag == Extensible)
        {
            if (body.Length < 40) throw request.Error($"WAV fmt chunk says WAVE_FORMAT_EXTENSIBLE but is {body.Length} bytes; 40 are needed");
            tag = BinaryPrimitives.ReadUInt16LittleEndian(body[24..]);
        }
        return new WavFormatChunk(tag, channels, rate, blockAlign, bits);
    }

    /// <summary>The sample layout, or an error naming the unsupported encoding.</summary>
    public PcmLayout ToLayout(DecodeRequest request)
    {
        request.ValidateLayout(Channels, SampleRate, "WAV");
        // The container size decides the stored width (bits may be fewer, e.g. 20 valid bits in 24).
        int bytes = BlockAlign > 0 && BlockAlign % Channels == 0 ? BlockAlign / Channels : (BitsPerSample + 7) / 8;
        PcmEncoding? encoding = (FormatTag, bytes) switch
        {
            (Pcm, 1) => PcmEncoding.UInt8,
            (Pcm, 2) => PcmEncoding.Int16,
            (Pcm, 3) => PcmEncoding.Int24,
            (Pcm, 4) => PcmEncoding.Int32,
            (IeeeFloat, 4) => PcmEncoding.Float32,
            (IeeeFloat, 8) => PcmEncoding.Float64,
            (ALaw, 1) => PcmEncoding.ALaw,
            (MuLaw, 1) => PcmEncoding.MuLaw,
            _ => null,
        };
        if (encoding is null)
        {
            string what = $"WAV encoding 0x{FormatTag:X4} with {bytes}-byte samples ({BitsPerSample} bits, block align {BlockAlign})";
            if (FormatTag is Pcm or IeeeFloat or ALaw or MuLaw)
                throw request.Error($"{what} is not a valid sample width");
            throw new AudioCodecNotSupportedException(request.Name, $"{what} has no managed decoder");
        }
        return new PcmLayout(encoding.Value, BigEndian: false, Channels, (int)SampleRate);
    }
}
