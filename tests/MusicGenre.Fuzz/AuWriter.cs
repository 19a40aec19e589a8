using System.Buffers.Binary;
using System.Text;

namespace MusicGenre.Fuzz;

/// <summary>Builds Sun AU and AIFF-C files in memory for tests and fuzz seeds.</summary>
public static class AuWriter
{
    public static byte[] Build(int encoding, int sampleRate, int channels, byte[] data, uint? dataSize = null)
    {
        var bytes = new byte[24 + data.Length];
        "\u002esnd"u8.CopyTo(bytes);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), 24);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(8), dataSize ?? (uint)data.Length);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(12), (uint)encoding);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(16), (uint)sampleRate);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(20), (uint)channels);
        data.CopyTo(bytes, 24);
        return bytes;
    }

    public static byte[] Aifc(string compression, int channels, int bits, int sampleRate, byte[] data)
    {
        var ms = new MemoryStream();
        void U32(uint v) { Span<byte> b = stackalloc byte[4]; BinaryPrimitives.WriteUInt32BigEndian(b, v); ms.Write(b); }
        void U16(ushort v) { Span<byte> b = stackalloc byte[2]; BinaryPrimitives.WriteUInt16BigEndian(b, v); ms.Write(b); }
        ms.Write("FORM"u8); U32(0); ms.Write("AIFC"u8);
        ms.Write("COMM"u8); U32(24);
        U16((ushort)channels); U32((uint)(data.Length / (channels * bits / 8))); U16((ushort)bits);
        ms.Write(Extended(sampleRate));
        ms.Write(Encoding.ASCII.GetBytes(compression)); ms.Write(new byte[] { 0, 0 });
        ms.Write("SSND"u8); U32((uint)(8 + data.Length)); U32(0); U32(0); ms.Write(data);
        var bytes = ms.ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), (uint)(bytes.Length - 8));
        return bytes;
    }

    private static byte[] Extended(int value)
    {
        var b = new byte[10];
        int exponent = 31 - System.Numerics.BitOperations.LeadingZeroCount((uint)value);
        ulong mantissa = (ulong)value << (63 - exponent);
        BinaryPrimitives.WriteUInt16BigEndian(b, (ushort)(16383 + exponent));
        BinaryPrimitives.WriteUInt64BigEndian(b.AsSpan(2), mantissa);
        return b;
    }
}
