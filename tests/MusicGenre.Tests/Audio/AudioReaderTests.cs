using MusicGenre.Audio;
using MusicGenre.Audio.Ffmpeg;
using MusicGenre.Audio.Mp3;
using MusicGenre.Tests.TestInfrastructure;
using Xunit.Abstractions;

namespace MusicGenre.Tests.Audio;

/// <summary>
/// <see cref="AudioReader"/>: the duration without decoding, and ranges decoded on their own that equal the same
/// range of a full decode (at the native rate: exactly for every managed format and both MP3 decoders).
/// </summary>
public class AudioReaderTests(ITestOutputHelper output)
{
    private static readonly AudioLoadOptions Native = new() { SampleRate = null, Mono = false };

    public static TheoryData<string, Mp3Backend> Files => new()
    {
        { TestAudio.B16Mono22050Wav, Mp3Backend.Auto }, { TestAudio.B16Mono22050Au, Mp3Backend.Auto },
        { TestAudio.B16Mono22050Aiff, Mp3Backend.Auto }, { TestAudio.B16Stereo44100Wav, Mp3Backend.Auto },
        { TestAudio.Mp3Cbr, Mp3Backend.Managed }, { TestAudio.Mp3Cbr, Mp3Backend.Native },
        { TestAudio.Mp3VbrMono, Mp3Backend.Managed }, { TestAudio.Mp3VbrMono, Mp3Backend.Native },
        { TestAudio.OggStereo, Mp3Backend.Auto },
    };

    [SkippableTheory]
    [MemberData(nameof(Files))]
    public void Duration_IsKnownWithoutDecoding_AndEqualsTheFullLoad(string file, Mp3Backend backend)
    {
        SkipUnlessAvailable(backend);
        using var _ = UseBackend(backend);
        var path = SharedData.Format(file);
        var full = AudioFile.Load(path, Native);
        using var reader = AudioFile.Open(path, Native);
        Assert.Equal(full.Frames, reader.SourceFrames);
        Assert.Equal(full.SampleRate, reader.SourceSampleRate);
        Assert.Equal(full.SourceChannels, reader.SourceChannels);
        Assert.Equal((double)full.Frames / full.SampleRate, reader.Duration.TotalSeconds, 6);
    }

    [SkippableTheory]
    [MemberData(nameof(Files))]
    public void Ranges_AtTheNativeRate_EqualTheSameRangeOfAFullDecode(string file, Mp3Backend backend)
    {
        SkipUnlessAvailable(backend);
        using var _ = UseBackend(backend);
        var path = SharedData.Format(file);
        var full = AudioFile.Load(path, Native);
        using var reader = AudioFile.Open(path, Native);
        int rate = reader.SourceSampleRate;
        double worst = 0;
        foreach (var (offset, duration) in new[] { (0.0, 1.5), (0.5, 1.5), (3.217, 2.0), (7.0, 1.0), (9.5, 4.0), (0.026, 0.1), (12.0, 1.0) })
        {
            var range = reader.Read(TimeSpan.FromSeconds(offset), TimeSpan.FromSeconds(duration));
            long start = (long)(offset * rate), count = Math.Max(0, Math.Min((long)(duration * rate), full.Frames - start));
            Assert.Equal(count, range.Frames);
            for (int c = 0; c < full.Channels; c++)
            {
                var expected = full.GetChannel(c).Slice((int)Math.Min(start, full.Frames), (int)count);
                var actual = range.GetChannel(c);
                for (int i = 0; i < expected.Length; i++) worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
            }
        }
        // libmpg123 seeks by decoding from a few frames before the target with its own warm-up: its ranges agree
        // with its full decode to float rounding (measured: 6e-8 at most); every other path is exact.
        bool native = file.EndsWith(".mp3", StringComparison.Ordinal) && Mp3Decoders.Active == Mp3Backend.Native;
        output.WriteLine($"{file} ({(file.EndsWith(".mp3") ? Mp3Decoders.ActiveDescription : "managed")}): worst difference from the full decode {worst:E2}");
        Assert.True(native ? worst <= 1e-6 : worst == 0, $"worst difference {worst:E2}");
    }

    [SkippableTheory]
    [InlineData(TestAudio.Mp3Cbr)]
    [InlineData(TestAudio.OggStereo)]
    [InlineData(TestAudio.B16Stereo44100Wav)]
    public void Read_EqualsLoadWithOffsetAndDuration(string file)
    {
        var path = SharedData.Format(file);
        using var reader = AudioFile.Open(path);
        var read = reader.Read(TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(3));
        var load = AudioFile.Load(path, new AudioLoadOptions { Offset = 2.5, Duration = 3 });
        Assert.Equal(load.Samples, read.Samples);
        Assert.Equal(66150, read.Frames);
    }

    [SkippableTheory]
    [InlineData(TestAudio.Mp3Cbr)]
    [InlineData(TestAudio.B16Stereo44100Wav)]
    public void ResampledRanges_EqualTheFullResampledDecode_AwayFromTheirEdges(string file)
    {
        // An excerpt is resampled on its own (as librosa does): its first and last ~90 samples at 22,050 Hz differ
        // from the full decode's (the filter reaches past the excerpt); inside, they agree to float rounding.
        var path = SharedData.Format(file);
        var full = AudioFile.Load(path);
        using var reader = AudioFile.Open(path);
        var range = reader.Read(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(2));
        int start = 3 * 22050, edge = 0;
        double worstInside = 0;
        for (int i = 0; i < range.Frames; i++)
        {
            double diff = Math.Abs(range.Samples[i] - full.Samples[start + i]);
            if (diff > 1e-6 && (i < range.Frames / 2 ? i + 1 > edge : true) && i < range.Frames / 2) edge = i + 1;
            if (i >= 100 && i < range.Frames - 100) worstInside = Math.Max(worstInside, diff);
        }
        output.WriteLine($"{file}: excerpt vs full decode at 22,050 Hz: differs by more than 1e-6 up to sample {edge} of the start; worst inside {worstInside:E2}");
        Assert.True(worstInside < 1e-5, $"inside the excerpt: {worstInside:E2}");
        Assert.InRange(edge, 0, 100);
    }

    [SkippableFact]
    public void RangesPastTheEnd_AreEmpty_AndBadArgumentsAreRejected()
    {
        using var reader = AudioFile.Open(SharedData.Format(TestAudio.Mp3Cbr));
        Assert.Equal(0, reader.Read(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(1)).Frames);
        Assert.Throws<ArgumentOutOfRangeException>(() => reader.Read(TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => reader.Read(TimeSpan.Zero, TimeSpan.FromSeconds(-1)));
        reader.Dispose();
        Assert.Throws<ObjectDisposedException>(() => reader.Read(TimeSpan.Zero));
    }

    [SkippableFact]
    public void FfmpegFormats_OpenOnce_ReadSlices()
    {
        Skip.If(FfmpegLocator.Find() is null, "ffmpeg is not installed (apt-get install ffmpeg)");
        var path = SharedData.Format(TestAudio.Flac);
        var full = AudioFile.Load(path, Native);
        using var reader = AudioFile.Open(path, Native);
        Assert.Equal(full.Frames, reader.SourceFrames);
        Assert.Equal(full.Samples.AsSpan(22050, 11025).ToArray(), reader.Read(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(0.5)).Samples);
    }

    [SkippableFact]
    public void ReadsFromManyThreads_AreSerialisedAndCorrect()
    {
        var path = SharedData.Format(TestAudio.Mp3Cbr);
        var full = AudioFile.Load(path, Native);
        using var reader = AudioFile.Open(path, Native);
        Parallel.For(0, 8, i =>
        {
            var range = reader.Read(TimeSpan.FromSeconds(i), TimeSpan.FromSeconds(1));
            Assert.Equal(full.GetChannel(1).Slice(i * 44100, 44100).ToArray(), range.GetChannel(1).ToArray());
        });
    }

    internal static void SkipUnlessAvailable(Mp3Backend backend)
        => Skip.If(backend == Mp3Backend.Native && !Mp3Decoders.IsNativeAvailable, "libmpg123 is not installed (apt-get install libmpg123-0)");

    /// <summary>Selects the MP3 decoder on this thread until disposed.</summary>
    internal static IDisposable UseBackend(Mp3Backend backend)
    {
        var before = Mp3Decoders.ThreadOverride;
        Mp3Decoders.ThreadOverride = backend;
        return new Restore(() => Mp3Decoders.ThreadOverride = before);
    }

    private sealed class Restore(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }
}
