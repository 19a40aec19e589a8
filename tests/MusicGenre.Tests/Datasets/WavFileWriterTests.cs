using System.Buffers.Binary;
using MusicGenre.Datasets;

namespace MusicGenre.Tests.Datasets;

public class WavFileWriterTests
{
    [Fact]
    public void Pcm16_HeaderAndSamples_AreCanonical()
    {
        float[] samples = [0f, 0.5f, -0.5f, 1f, -1f, 2f, float.NaN];
        using var ms = new MemoryStream();
        WavFileWriter.Write(ms, samples, 22050);
        var b = ms.ToArray();

        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(b, 0, 4));
        Assert.Equal(36 + 14, BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(4)));
        Assert.Equal("WAVEfmt ", System.Text.Encoding.ASCII.GetString(b, 8, 8));
        Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(b.AsSpan(20)));
        Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(b.AsSpan(22)));
        Assert.Equal(22050, BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(24)));
        Assert.Equal(44100, BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(28)));
        Assert.Equal(16, BinaryPrimitives.ReadInt16LittleEndian(b.AsSpan(34)));
        Assert.Equal(14, BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(40)));
        var pcm = Enumerable.Range(0, samples.Length).Select(i => BinaryPrimitives.ReadInt16LittleEndian(b.AsSpan(44 + 2 * i))).ToArray();
        Assert.Equal(new short[] { 0, 16384, -16384, 32767, -32767, 32767, 0 }, pcm);
    }

    [Fact]
    public void Float32_KeepsSamplesExactly_AndLongInputsSpanManyChunks()
    {
        var samples = Enumerable.Range(0, 5000).Select(i => MathF.Sin(i * 0.01f)).ToArray();
        using var ms = new MemoryStream();
        WavFileWriter.Write(ms, samples, 8000, channels: 2, floatingPoint: true);
        var b = ms.ToArray();
        Assert.Equal(3, BinaryPrimitives.ReadInt16LittleEndian(b.AsSpan(20)));
        Assert.Equal(2, BinaryPrimitives.ReadInt16LittleEndian(b.AsSpan(22)));
        Assert.Equal(44 + 4 * samples.Length, b.Length);
        for (var i = 0; i < samples.Length; i++)
            Assert.Equal(samples[i], BinaryPrimitives.ReadSingleLittleEndian(b.AsSpan(44 + 4 * i)));
    }

    [Fact]
    public void OddSampleCountForStereo_IsRejected()
        => Assert.Throws<ArgumentException>(() => WavFileWriter.Write(new MemoryStream(), new float[3], 8000, channels: 2));
}
