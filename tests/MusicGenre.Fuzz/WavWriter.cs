using System.Buffers.Binary;
using System.Text;

namespace MusicGenre.Fuzz;

/// <summary>Builds WAV files in memory for tests and fuzz seeds: exact layouts, odd chunks, damaged headers.</summary>
public static class WavWriter
{
    /// <summary>A canonical WAV with a 16-byte fmt chunk (or 40-byte extensible) and the given data bytes.</summary>
    public static byte[] Build(int formatTag, int channels, int sampleRate, int bitsPerSample, ReadOnlySpan<byte> data,
        bool extensible = false, params (string Id, byte[] Body)[] extraChunksBeforeData)
    {
        var ms = new MemoryStream();
        var w = new BinaryWriter(ms);
        w.Write("RIFF"u8); w.Write(0); w.Write("WAVE"u8);
        int blockAlign = channels * ((bitsPerSample + 7) / 8);
        w.Write("fmt "u8); w.Write(extensible ? 40 : 16);
        w.Write((ushort)(extensible ? 0xFFFE : formatTag)); w.Write((ushort)channels); w.Write(sampleRate);
        w.Write(sampleRate * blockAlign); w.Write((ushort)blockAlign); w.Write((ushort)bitsPerSample);
        if (extensible)
        {
            w.Write((ushort)22); w.Write((ushort)bitsPerSample); w.Write(0);
            w.Write((ushort)formatTag); w.Write(new byte[] { 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71 });
        }
        foreach (var (id, body) in extraChunksBeforeData)
        {
            w.Write(Encoding.ASCII.GetBytes(id)); w.Write(body.Length); w.Write(body);
            if (body.Length % 2 == 1) w.Write((byte)0);
        }
        w.Write("data"u8); w.Write(data.Length); w.Write(data);
        if (data.Length % 2 == 1) w.Write((byte)0);
        w.Flush();
        var bytes = ms.ToArray();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), bytes.Length - 8);
        return bytes;
    }

    /// <summary>16-bit PCM WAV of interleaved samples.</summary>
    public static byte[] Pcm16(short[] interleaved, int channels, int sampleRate)
    {
        var data = new byte[interleaved.Length * 2];
        for (int i = 0; i < interleaved.Length; i++) BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(i * 2), interleaved[i]);
        return Build(1, channels, sampleRate, 16, data);
    }

    /// <summary>32-bit float WAV of interleaved samples.</summary>
    public static byte[] Float32(float[] interleaved, int channels, int sampleRate)
    {
        var data = new byte[interleaved.Length * 4];
        for (int i = 0; i < interleaved.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(i * 4), interleaved[i]);
        return Build(3, channels, sampleRate, 32, data);
    }
}
