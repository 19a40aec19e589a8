using MusicGenre.Audio;
using MusicGenre.Tests.TestInfrastructure;
using Xunit.Abstractions;

namespace MusicGenre.Tests.Audio;

/// <summary>Every file in ../shared/data/formats/bad: a typed error naming the file and the reason, or the frames present.</summary>
public class BadInputTests(ITestOutputHelper output)
{
    [SkippableTheory]
    [InlineData("empty.wav", "empty")]
    [InlineData("header_only.wav", "no audio frames")]
    [InlineData("random_bytes.wav", "unknown audio format")]
    [InlineData("text.mp3", "unknown audio format")]
    [InlineData("zero_channels.wav", "0 channels")]
    [InlineData("zero_rate.wav", "sample rate 0")]
    public void BadFile_ThrowsAudioFormatException_NamingFileAndReason(string file, string reason)
    {
        var path = SharedData.Bad(file);
        var ex = Assert.Throws<AudioFormatException>(() => AudioFile.Load(path));
        output.WriteLine(ex.Message);
        Assert.Equal(path, ex.FilePath);
        Assert.StartsWith(path, ex.Message);
        Assert.Contains(reason, ex.Reason);
    }

    [SkippableFact]
    public void TruncatedWav_GivesTheFramesPresent()
    {
        var path = SharedData.Bad("truncated.wav");
        var clip = AudioFile.Load(path);
        Assert.Equal((new FileInfo(path).Length - 44) / 2, clip.Frames);
        // The frames present are the start of the complete file's samples.
        var full = TestAudio.SourceReference();
        Assert.Equal(full.AsSpan(0, clip.Frames).ToArray(), clip.Samples);
    }

    [SkippableFact]
    public void HugeDataClaim_ReadsOnlyTheBytesPresent()
    {
        var path = SharedData.Bad("huge_data_claim.wav");
        long before = GC.GetAllocatedBytesForCurrentThread();
        var clip = AudioFile.Load(path);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal((new FileInfo(path).Length - 44) / 2, clip.Frames);
        Assert.True(allocated < 4_000_000, $"allocated {allocated} bytes for a 20 kB file");
    }

    [SkippableFact]
    public void TruncatedMp3_GivesTheFramesPresent()
    {
        var path = SharedData.Bad("truncated.mp3");
        var clip = AudioFile.Load(path);
        output.WriteLine($"truncated.mp3: {clip.Frames} frames");
        // 30,000 bytes of a 128 kbit/s file hold a little under 1.9 s.
        Assert.InRange(clip.Duration.TotalSeconds, 1.5, 1.9);
        var full = AudioFile.Load(SharedData.Format(TestAudio.Mp3Cbr));
        // The tail of the decoded part differs near the cut (the resampler sees the end); compare the first second.
        double snr = SignalComparison.SnrDb(full.Samples.AsSpan(0, 22050), clip.Samples);
        Assert.True(snr > 60, $"SNR {snr:F1} dB");
    }

    [Fact]
    public void MaxSamples_CapsWhatAHeaderCanMakeUsAllocate()
    {
        var wav = WavWriter.Pcm16(new short[10_000], 1, 22050);
        var ex = Assert.Throws<AudioFormatException>(() => AudioFile.Load(new MemoryStream(wav), new AudioLoadOptions { MaxSamples = 5000 }, "capped.wav"));
        Assert.Contains("MaxSamples", ex.Message);
        Assert.Equal("capped.wav", ex.FilePath);
    }

    [Fact]
    public void AbsurdlyLowRate_CannotMakeTheResamplerAllocateGigabytes()
    {
        // 100,000 frames claimed at 1 Hz would be 2.2 billion samples at 22,050 Hz.
        var au = AuWriter.Build(encoding: 2, sampleRate: 1, channels: 1, new byte[100_000]);
        var ex = Assert.Throws<AudioFormatException>(() => AudioFile.Load(new MemoryStream(au), name: "slow.au"));
        Assert.Contains("sample rate 1 Hz", ex.Message);
        Assert.Equal("slow.au", ex.FilePath);
    }

    [Fact]
    public void UnsupportedWavEncoding_WithoutFfmpeg_SaysHowToEnableIt()
    {
        var wav = WavWriter.Build(0x0011, 1, 22050, 4, new byte[256]); // IMA ADPCM
        var ex = Assert.Throws<AudioFormatException>(() => AudioFile.Load(new MemoryStream(wav), new AudioLoadOptions { FfmpegPath = "/nonexistent/ffmpeg" }, "adpcm.wav"));
        Assert.Contains("0x0011", ex.Message);
        Assert.Contains("install ffmpeg", ex.Message);
    }

    [Fact]
    public void MissingFile_ThrowsFileNotFound()
        => Assert.Throws<FileNotFoundException>(() => AudioFile.Load("/nonexistent/file.wav"));
}
