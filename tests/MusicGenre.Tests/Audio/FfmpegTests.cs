using MusicGenre.Audio;
using MusicGenre.Audio.Ffmpeg;
using MusicGenre.Tests.TestInfrastructure;
using Xunit.Abstractions;

namespace MusicGenre.Tests.Audio;

/// <summary>Formats without a managed decoder: decoded through ffmpeg where it exists, a clear error where it does not.</summary>
public class FfmpegTests(ITestOutputHelper output)
{
    private static readonly AudioLoadOptions NoFfmpeg = new() { FfmpegPath = "/nonexistent/ffmpeg" };

    [SkippableFact]
    public void Flac_MatchesLibrosaSource_WhenFfmpegIsPresent()
    {
        Skip.If(FfmpegLocator.Find() is null, "ffmpeg is not installed (apt-get install ffmpeg)");
        var expected = TestAudio.SourceReference();
        var clip = AudioFile.Load(SharedData.Format(TestAudio.Flac));
        Assert.Equal(expected.Length, clip.Frames);
        double snr = SignalComparison.SnrDb(expected, clip.Samples);
        output.WriteLine($"flac: length {clip.Frames}, SNR {snr:F2} dB");
        Assert.True(snr >= 40, $"FLAC SNR {snr:F2} dB < 40 dB");
    }

    [SkippableTheory]
    [InlineData(TestAudio.M4a, 44100, 2)]
    [InlineData(TestAudio.Opus, 48000, 2)]
    public void LossyFormats_Decode_WhenFfmpegIsPresent(string file, int nativeRate, int nativeChannels)
    {
        Skip.If(FfmpegLocator.Find() is null, "ffmpeg is not installed (apt-get install ffmpeg)");
        var expected = TestAudio.SourceReference();
        var clip = AudioFile.Load(SharedData.Format(file));
        Assert.Equal(nativeRate, clip.SourceSampleRate);
        Assert.Equal(nativeChannels, clip.SourceChannels);
        var (lag, snr) = SignalComparison.BestLag(expected, clip.Samples, 64);
        output.WriteLine($"{file}: length {clip.Frames} (source {expected.Length}), best lag {lag}, SNR vs source {snr:F2} dB");
        Assert.InRange(clip.Frames, expected.Length - 1200, expected.Length + 1200);
        Assert.True(snr >= 15, $"{file}: SNR vs source {snr:F2} dB < 15 dB");
    }

    [SkippableTheory]
    [InlineData(TestAudio.Flac, "FLAC")]
    [InlineData(TestAudio.M4a, "MPEG-4")]
    [InlineData(TestAudio.Opus, "Opus")]
    public void WithoutFfmpeg_ErrorNamesTheFormatAndHowToEnableIt(string file, string formatName)
    {
        var path = SharedData.Format(file);
        var ex = Assert.Throws<AudioFormatException>(() => AudioFile.Load(path, NoFfmpeg));
        Assert.Equal(path, ex.FilePath);
        Assert.Contains(formatName, ex.Message);
        Assert.Contains("install ffmpeg", ex.Message);
        Assert.Contains("FfmpegPath", ex.Message);
    }

    [SkippableFact]
    public void Ffmpeg_HonoursOffsetDurationAndStreams()
    {
        Skip.If(FfmpegLocator.Find() is null, "ffmpeg is not installed (apt-get install ffmpeg)");
        var path = SharedData.Format(TestAudio.Flac);
        var full = AudioFile.Load(path);
        using var stream = new NonSeekableStream(File.ReadAllBytes(path));
        var part = AudioFile.Load(stream, new AudioLoadOptions { Offset = 1, Duration = 2 }, "flac stream");
        Assert.Equal(44100, part.Frames);
        Assert.Equal(full.Samples.AsSpan(22050, 44100).ToArray(), part.Samples);
    }

    [Fact]
    public void Locator_PrefersTheConfiguredPath()
    {
        Assert.Null(FfmpegLocator.Find("/nonexistent/ffmpeg"));
        var self = typeof(FfmpegTests).Assembly.Location;
        Assert.Equal(Path.GetFullPath(self), FfmpegLocator.Find(self));
    }
}
