using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace MusicGenre.Audio.Pcm;

/// <summary>
/// Converts stored samples to float32 exactly as libsndfile (and therefore <c>librosa.load</c>) does: integers are
/// divided by 2^(bits-1) (16-bit: int16/32768), unsigned 8-bit is centred on 128, G.711 mu-law and A-law go through
/// their 16-bit values, doubles are rounded to float. Thread-safe (stateless).
/// </summary>
internal static class PcmSampleConverter
{
    private const float Scale16 = 1f / 32768f;
    private const float Scale32 = 1f / 2147483648f;
    private static readonly float[] MuLawTable = BuildTable(DecodeMuLaw);
    private static readonly float[] ALawTable = BuildTable(DecodeALaw);

    /// <summary>Converts whole samples from <paramref name="source"/> into <paramref name="destination"/>.</summary>
    /// <param name="source">Stored samples; its length must be a multiple of the sample size.</param>
    /// <param name="destination">Receives <c>source.Length / bytesPerSample</c> floats.</param>
    /// <param name="encoding">Sample encoding.</param>
    /// <param name="bigEndian">Byte order of multi-byte samples.</param>
    public static void Convert(ReadOnlySpan<byte> source, Span<float> destination, PcmEncoding encoding, bool bigEndian)
    {
        switch (encoding)
        {
            case PcmEncoding.UInt8:
                for (int i = 0; i < source.Length; i++) destination[i] = (source[i] - 128) * (1f / 128f);
                break;
            case PcmEncoding.Int8:
                for (int i = 0; i < source.Length; i++) destination[i] = (sbyte)source[i] * (1f / 128f);
                break;
            case PcmEncoding.MuLaw:
                for (int i = 0; i < source.Length; i++) destination[i] = MuLawTable[source[i]];
                break;
            case PcmEncoding.ALaw:
                for (int i = 0; i < source.Length; i++) destination[i] = ALawTable[source[i]];
                break;
            case PcmEncoding.Int16:
                ConvertInt16(source, destination, bigEndian);
                break;
            case PcmEncoding.Int24:
                ConvertInt24(source, destination, bigEndian);
                break;
            case PcmEncoding.Int32:
                for (int i = 0, n = source.Length / 4; i < n; i++)
                {
                    var s = source.Slice(i * 4, 4);
                    int v = bigEndian ? BinaryPrimitives.ReadInt32BigEndian(s) : BinaryPrimitives.ReadInt32LittleEndian(s);
                    destination[i] = v * Scale32;
                }
                break;
            case PcmEncoding.Float32:
                if (bigEndian == !BitConverter.IsLittleEndian)
                    MemoryMarshal.Cast<byte, float>(source).CopyTo(destination);
                else
                    for (int i = 0, n = source.Length / 4; i < n; i++)
                        destination[i] = BinaryPrimitives.ReadSingleBigEndian(source.Slice(i * 4, 4));
                break;
            case PcmEncoding.Float64:
                for (int i = 0, n = source.Length / 8; i < n; i++)
                {
                    var s = source.Slice(i * 8, 8);
                    destination[i] = (float)(bigEndian ? BinaryPrimitives.ReadDoubleBigEndian(s) : BinaryPrimitives.ReadDoubleLittleEndian(s));
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(encoding), encoding, null);
        }
    }

    private static void ConvertInt16(ReadOnlySpan<byte> source, Span<float> destination, bool bigEndian)
    {
        var shorts = MemoryMarshal.Cast<byte, short>(source);
        destination = destination[..shorts.Length];
        if (bigEndian == !BitConverter.IsLittleEndian)
        {
            int i = 0;
            if (Vector.IsHardwareAccelerated)
            {
                // short → int → float is exact, and the power-of-two scale keeps it bit-identical to the scalar loop.
                var scale = new Vector<float>(Scale16);
                var input = MemoryMarshal.Cast<short, Vector<short>>(shorts);
                var output = MemoryMarshal.Cast<float, Vector<float>>(destination);
                for (int v = 0; v < input.Length; v++)
                {
                    Vector.Widen(input[v], out Vector<int> low, out Vector<int> high);
                    output[2 * v] = Vector.ConvertToSingle(low) * scale;
                    output[2 * v + 1] = Vector.ConvertToSingle(high) * scale;
                }
                i = input.Length * Vector<short>.Count;
            }
            for (; i < shorts.Length; i++) destination[i] = shorts[i] * Scale16;
        }
        else
        {
            for (int i = 0; i < shorts.Length; i++) destination[i] = BinaryPrimitives.ReverseEndianness(shorts[i]) * Scale16;
        }
    }

    private static void ConvertInt24(ReadOnlySpan<byte> source, Span<float> destination, bool bigEndian)
    {
        for (int i = 0, n = source.Length / 3; i < n; i++)
        {
            int b = i * 3;
            int v = bigEndian
                ? source[b] << 24 | source[b + 1] << 16 | source[b + 2] << 8
                : source[b + 2] << 24 | source[b + 1] << 16 | source[b] << 8;
            destination[i] = v * Scale32; // (v << 8) / 2^31 == v / 2^23, as libsndfile computes it
        }
    }

    private static float[] BuildTable(Func<byte, short> decode)
    {
        var table = new float[256];
        for (int i = 0; i < 256; i++) table[i] = decode((byte)i) * Scale16;
        return table;
    }

    /// <summary>ITU-T G.711 mu-law to 16-bit linear.</summary>
    internal static short DecodeMuLaw(byte code)
    {
        int u = ~code & 0xFF;
        int t = ((u & 0x0F) << 3) + 0x84;
        t <<= (u & 0x70) >> 4;
        return (short)((u & 0x80) != 0 ? 0x84 - t : t - 0x84);
    }

    /// <summary>ITU-T G.711 A-law to 16-bit linear.</summary>
    internal static short DecodeALaw(byte code)
    {
        int a = code ^ 0x55;
        int t = (a & 0x0F) << 4;
        int segment = (a & 0x70) >> 4;
        t = segment switch
        {
            0 => t + 8,
            1 => t + 0x108,
            _ => (t + 0x108) << (segment - 1),
        };
        return (short)((a & 0x80) != 0 ? t : -t);
    }
}
