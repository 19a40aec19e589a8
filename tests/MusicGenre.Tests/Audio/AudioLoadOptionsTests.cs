using MusicGenre.Audio;
using MusicGenre.Tests.TestInfrastructure;

namespace MusicGenre.Tests.Audio;

/// <summary>librosa.load's options: sr, mono, offset, duration; validation; streams; concurrency.</summary>
public class AudioLoadOptionsTests
{
    [Fact]
    public void Validate_ListsEveryProblemAtOnce()
    {
        var options = new AudioLoadOptions { SampleRate = 0, Offset = -1, Duration = double.NaN, MaxSamples = 0, FfmpegPath = " " };
        var ex = Assert.Throws<ArgumentException>(() => AudioFile.Load(new MemoryStream(new byte[10]), options));
        foreach (var name in new[] { "SampleRate", "Offset", "Duration", "MaxSamples", "FfmpegPath" })
            Assert.Contains(name, ex.Message);
    }

    [Fact]
    public void Defaults_AreLibrosas()
    {
        var options = new AudioLoadOptions();
        Assert.Equal(22050, options.SampleRate);
        Assert.True(options.Mono);
        Assert.Equal(0, options.Offset);
        Assert.Null(options.Duration);
    }

    [SkippableFact]
    public void OffsetAndDuration_AreAppliedAtTheNativeRate_LikeLibrosa()
    {
        // librosa: seek(int(offset * sr_native)), read(int(duration * sr_native)).
        var path = SharedData.Format(TestAudio.B16Mono22050Wav);
        var full = AudioFile.Load(path);
        var part = AudioFile.Load(path, new AudioLoadOptions { Offset = 1.5, Duration = 2.25 });
        Assert.Equal((int)(2.25 * 22050), part.Frames);
        Assert.Equal(full.Samples.AsSpan((int)(1.5 * 22050), part.Frames).ToArray(), part.Samples);
    }

    [SkippableFact]
    public void OffsetBeforeResampling_MatchesResamplingTheSlice()
    {
        var path = SharedData.Format(TestAudio.B16Stereo44100Wav);
        var native = AudioFile.Load(path, new AudioLoadOptions { SampleRate = null, Offset = 2, Duration = 3 });
        Assert.Equal(44100, native.SampleRate);
        Assert.Equal(3 * 44100, native.Frames);
        var resampled = AudioFile.Load(path, new AudioLoadOptions { Offset = 2, Duration = 3 });
        Assert.Equal(3 * 22050, resampled.Frames);
        var expected = MusicGenre.Audio.Resampling.PolyphaseResampler.For(44100, 22050).Process(native.Samples);
        Assert.Equal(expected, resampled.Samples);
    }

    [SkippableFact]
    public void OffsetPastTheEnd_GivesAnEmptyClip_LikeLibrosa()
    {
        var clip = AudioFile.Load(SharedData.Format(TestAudio.Tiny), new AudioLoadOptions { Offset = 5 });
        Assert.Equal(0, clip.Frames);
    }

    [SkippableFact]
    public void MonoFalse_KeepsPlanarChannels_AndMonoIsTheirMean()
    {
        var path = SharedData.Format(TestAudio.B16SixCh48000Wav);
        var all = AudioFile.Load(path, new AudioLoadOptions { Mono = false, SampleRate = null, Duration = 1 });
        Assert.Equal(6, all.Channels);
        Assert.Equal(48000, all.Frames);
        var mono = AudioFile.Load(path, new AudioLoadOptions { SampleRate = null, Duration = 1 });
        for (int i = 0; i < mono.Frames; i += 997)
        {
            float sum = 0;
            for (int c = 0; c < 6; c++) sum += all.GetChannel(c)[i];
            Assert.Equal(sum / 6f, mono.Samples[i]);
        }
        var resampled = AudioFile.Load(path, new AudioLoadOptions { Mono = false, Duration = 1 });
        Assert.Equal(6, resampled.Channels);
        Assert.Equal(22050, resampled.Frames);
        Assert.Equal(6, resampled.SourceChannels);
        Assert.Equal(48000, resampled.SourceSampleRate);
    }

    [SkippableFact]
    public void NativeRate_KeepsTheFilesRate()
    {
        var clip = AudioFile.Load(SharedData.Format(TestAudio.B16Mono8000Wav), new AudioLoadOptions { SampleRate = null });
        Assert.Equal(8000, clip.SampleRate);
        Assert.Equal(80000, clip.Frames);
        Assert.Equal(TimeSpan.FromSeconds(10), clip.Duration);
    }

    [SkippableTheory]
    [InlineData(TestAudio.B16Mono22050Au)]
    [InlineData(TestAudio.Mp3Cbr)]
    [InlineData(TestAudio.OggStereo)]
    [InlineData(TestAudio.B16Mono22050Aiff)]
    public void Streams_SeekableOrNot_DecodeLikeFiles(string file)
    {
        var path = SharedData.Format(file);
        var fromFile = AudioFile.Load(path);
        var bytes = File.ReadAllBytes(path);
        var fromStream = AudioFile.Load(new MemoryStream(bytes), name: file);
        var fromPipe = AudioFile.Load(new NonSeekableStream(bytes), name: file);
        Assert.Equal(fromFile.Samples, fromStream.Samples);
        Assert.Equal(fromFile.Samples, fromPipe.Samples);
        Assert.Null(fromStream.SourcePath);
        Assert.Equal(path, fromFile.SourcePath);
    }

    [SkippableFact]
    public void DetectionIgnoresTheExtension()
    {
        // An AU file handed over as a stream named .mp3 still decodes as AU.
        var bytes = File.ReadAllBytes(SharedData.Format(TestAudio.B16Mono22050Au));
        var clip = AudioFile.Load(new MemoryStream(bytes), name: "misnamed.mp3");
        Assert.Equal(TestAudio.SourceReference(), clip.Samples);
    }

    [SkippableFact]
    public void Load_IsSafeToCallConcurrently()
    {
        var files = new[] { TestAudio.B16Stereo44100Wav, TestAudio.B16Mono8000Wav, TestAudio.OggStereo, TestAudio.B16Mono22050Au, TestAudio.Mp3Cbr }
            .Select(SharedData.Format).ToArray();
        var expected = files.Select(f => AudioFile.Load(f).Samples).ToArray();
        var results = new float[files.Length * 4][];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => results[i] = AudioFile.Load(files[i % files.Length]).Samples);
        for (int i = 0; i < results.Length; i++) Assert.Equal(expected[i % files.Length], results[i]);
    }

    [SkippableFact]
    public void Cancellation_IsHonoured()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => AudioFile.Load(SharedData.Format(TestAudio.Mp3Cbr), cancellationToken: cts.Token));
    }
}
