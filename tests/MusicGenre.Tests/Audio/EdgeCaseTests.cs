using MusicGenre.Audio;
using MusicGenre.Tests.TestInfrastructure;

namespace MusicGenre.Tests.Audio;

/// <summary>Short, silent, odd and unusual but valid files.</summary>
public class EdgeCaseTests
{
    [SkippableFact]
    public void TinyFile_DecodesItsTenthOfASecond()
    {
        var clip = AudioFile.Load(SharedData.Format(TestAudio.Tiny));
        Assert.Equal(2205, clip.Frames);
        Assert.Equal(TestAudio.SourceReference().AsSpan(0, 2205).ToArray(), clip.Samples);
    }

    [SkippableFact]
    public void Silence_IsAllZeros_AndResamplesToZeros()
    {
        var path = SharedData.Format(TestAudio.Silence30s);
        var clip = AudioFile.Load(path);
        Assert.Equal(30 * 22050, clip.Frames);
        Assert.All(clip.Samples, s => Assert.True(Math.Abs(s) <= 1f / 32768f));
        var up = AudioFile.Load(path, new AudioLoadOptions { SampleRate = 44100, Duration = 1 });
        Assert.Equal(44100, up.Frames);
        Assert.All(up.Samples, s => Assert.True(Math.Abs(s) < 1e-3f));
    }

    [Fact]
    public void NaNInAFloatWav_IsDecodedAsIs()
    {
        var samples = new[] { 0.5f, float.NaN, -0.25f, float.PositiveInfinity };
        var clip = AudioFile.Load(new MemoryStream(WavWriter.Float32(samples, 1, 22050)), name: "nan.wav");
        Assert.Equal(samples, clip.Samples);
    }

    [Fact]
    public void OneSampleFile_Decodes_AndResamplesToCeilLength()
    {
        var clip = AudioFile.Load(new MemoryStream(WavWriter.Pcm16([16384], 1, 44100)), name: "one.wav");
        Assert.Equal(1, clip.Frames); // ceil(1 * 22050 / 44100)
    }

    [Fact]
    public void ExtensibleOddChunksAndListChunks_AreHandled()
    {
        var data = new byte[] { 0x00, 0x40, 0x00, 0xC0, 0xFF, 0x7F };
        var wav = WavWriter.Build(1, 1, 22050, 16, data, extensible: true,
            ("LIST", "INFOISFT\u0005\0\0\0abcd\0"u8.ToArray().Concat(new byte[] { 0 }).ToArray()), ("junk", [1, 2, 3]), ("fact", [3, 0, 0, 0]));
        var clip = AudioFile.Load(new MemoryStream(wav), new AudioLoadOptions { SampleRate = null }, "ext.wav");
        Assert.Equal(new[] { 0.5f, -0.5f, 32767f / 32768f }, clip.Samples);
    }

    [Fact]
    public void OddChunkWithoutItsPadByte_IsStillFound()
    {
        var data = new byte[] { 0x00, 0x40 };
        var padded = WavWriter.Build(1, 1, 22050, 16, data, false, ("junk", [1, 2, 3]));
        // Remove the pad byte after the 3-byte chunk, as some writers do.
        int junk = IndexOf(padded, "junk"u8);
        var unpadded = padded.Take(junk + 11).Concat(padded.Skip(junk + 12)).ToArray();
        var clip = AudioFile.Load(new MemoryStream(unpadded), new AudioLoadOptions { SampleRate = null }, "nopad.wav");
        Assert.Equal(new[] { 0.5f }, clip.Samples);
    }

    [Theory]
    [InlineData(0x0006)] // A-law
    [InlineData(0x0007)] // mu-law
    public void G711Wav_DecodesThroughThe16BitValues(int tag)
    {
        var codes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var clip = AudioFile.Load(new MemoryStream(WavWriter.Build(tag, 1, 8000, 8, codes)), new AudioLoadOptions { SampleRate = null }, "g711.wav");
        Assert.Equal(256, clip.Frames);
        // G.711 reference points: mu-law 0xFF and A-law 0xD5 are (near) zero; 0x00 / 0x80 are full scale negative / positive.
        if (tag == 7)
        {
            Assert.Equal(0f, clip.Samples[0xFF]);
            Assert.Equal(-32124f / 32768f, clip.Samples[0x00]);
            Assert.Equal(32124f / 32768f, clip.Samples[0x80]);
        }
        else
        {
            Assert.Equal(8f / 32768f, clip.Samples[0xD5]);
            Assert.Equal(-8f / 32768f, clip.Samples[0x55]);
            Assert.Equal(-32256f / 32768f, clip.Samples[0x2A]);
            Assert.Equal(32256f / 32768f, clip.Samples[0xAA]);
        }
    }

    [Fact]
    public void Float64Wav_RoundsToFloat()
    {
        var data = new byte[16];
        BitConverter.TryWriteBytes(data.AsSpan(0), 0.1);
        BitConverter.TryWriteBytes(data.AsSpan(8), -1.0);
        var clip = AudioFile.Load(new MemoryStream(WavWriter.Build(3, 1, 22050, 64, data)), name: "f64.wav");
        Assert.Equal(new[] { 0.1f, -1f }, clip.Samples);
    }

    [Fact]
    public void AuUnknownDataSize_ReadsToTheEnd()
    {
        var au = AuWriter.Build(encoding: 3, sampleRate: 22050, channels: 1, [0x40, 0x00, 0xC0, 0x00], dataSize: uint.MaxValue);
        var clip = AudioFile.Load(new MemoryStream(au), name: "stream.au");
        Assert.Equal(new[] { 0.5f, -0.5f }, clip.Samples);
    }

    [Theory]
    [InlineData(2, new byte[] { 0x40, 0xC0 }, 0.5f, -0.5f)]                                   // int8
    [InlineData(4, new byte[] { 0x40, 0, 0, 0xC0, 0, 0 }, 0.5f, -0.5f)]                         // int24
    [InlineData(5, new byte[] { 0x40, 0, 0, 0, 0xC0, 0, 0, 0 }, 0.5f, -0.5f)]                   // int32
    [InlineData(6, new byte[] { 0x3F, 0, 0, 0, 0xBF, 0x40, 0, 0 }, 0.5f, -0.75f)]               // float
    [InlineData(7, new byte[] { 0x3F, 0xE0, 0, 0, 0, 0, 0, 0, 0xBF, 0xE8, 0, 0, 0, 0, 0, 0 }, 0.5f, -0.75f)] // double
    public void AuEncodings_AreBigEndian(int encoding, byte[] data, float first, float second)
    {
        var clip = AudioFile.Load(new MemoryStream(AuWriter.Build(encoding, 22050, 1, data)), name: "enc.au");
        Assert.Equal(new[] { first, second }, clip.Samples);
    }

    [Fact]
    public void AifcSowt_IsLittleEndian()
    {
        var aifc = AuWriter.Aifc("sowt", 1, 16, 22050, [0x00, 0x40, 0x00, 0xC0]);
        var clip = AudioFile.Load(new MemoryStream(aifc), name: "sowt.aifc");
        Assert.Equal(new[] { 0.5f, -0.5f }, clip.Samples);
        var none = AuWriter.Aifc("NONE", 1, 16, 22050, [0x40, 0x00, 0xC0, 0x00]);
        Assert.Equal(new[] { 0.5f, -0.5f }, AudioFile.Load(new MemoryStream(none), name: "none.aifc").Samples);
    }

    private static int IndexOf(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle);
}
