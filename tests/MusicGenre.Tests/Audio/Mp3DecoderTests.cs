using MusicGenre.Audio;
using MusicGenre.Audio.Mp3;
using MusicGenre.Tests.TestInfrastructure;

namespace MusicGenre.Tests.Audio;

/// <summary>The MP3 decoder's gapless trimming and its parallel decoding.</summary>
public class Mp3DecoderTests
{
    [SkippableTheory]
    [InlineData(TestAudio.Mp3Cbr, 384, 1152, 576, 792)]
    [InlineData(TestAudio.Mp3VbrMono, 385, 576, 576, 684)]
    public void LameHeader_GivesDelayAndPadding(string file, long frames, int samplesPerFrame, int delay, int padding)
    {
        var bytes = File.ReadAllBytes(SharedData.Format(file));
        var info = Mp3GaplessInfo.TryRead(bytes.AsSpan(0, 4096));
        Assert.Equal(new Mp3GaplessInfo(frames, samplesPerFrame, delay, padding), info);
        Assert.Equal(220500 * (samplesPerFrame == 1152 ? 2 : 1), info!.Value.AudioSamples);
    }

    [SkippableTheory]
    [InlineData(TestAudio.Mp3Cbr, 4)]
    [InlineData(TestAudio.Mp3Cbr, 2)]
    [InlineData(TestAudio.Mp3VbrMono, 3)]
    public void ParallelPieces_EqualASequentialDecode(string file, int pieces)
    {
        var bytes = File.ReadAllBytes(SharedData.Format(file));
        var request = new DecodeRequest(file, new AudioLoadOptions { SampleRate = null, Mono = false }, bytes.Length, CancellationToken.None);
        var sequential = new Mp3Decoder(1).DecodeManaged(new MemoryStream(bytes), request);
        var index = Mp3FrameIndex.TryBuild(bytes, skipFirstFrame: true);
        Assert.NotNull(index);
        var gapless = Mp3GaplessInfo.TryRead(bytes);
        var parallel = Mp3Decoder.TryDecodeParallel(bytes, index, pieces, gapless, request);
        Assert.NotNull(parallel);
        Assert.Equal(sequential.Frames, parallel.Frames);
        Assert.Equal(sequential.Interleaved, parallel.Interleaved);
    }

    [SkippableFact]
    public void OffsetAndDuration_ApplyAfterTrimming()
    {
        var path = SharedData.Format(TestAudio.Mp3Cbr);
        var full = AudioFile.Load(path, new AudioLoadOptions { SampleRate = null });
        var part = AudioFile.Load(path, new AudioLoadOptions { SampleRate = null, Offset = 2, Duration = 1 });
        Assert.Equal(44100, part.Frames);
        Assert.Equal(full.Samples.AsSpan(88200, 44100).ToArray(), part.Samples);
    }

    [SkippableTheory]
    [InlineData(1)]
    [InlineData(4)]
    public void MonoDownmixInTheDecoder_EqualsTheMeanOfItsChannels(int pieces)
    {
        var bytes = File.ReadAllBytes(SharedData.Format(TestAudio.Mp3Cbr));
        var stereo = new Mp3Decoder(pieces).DecodeManaged(new MemoryStream(bytes), new DecodeRequest("x", new AudioLoadOptions { Mono = false }, bytes.Length, default));
        var mono = new Mp3Decoder(pieces).DecodeManaged(new MemoryStream(bytes), new DecodeRequest("x", new AudioLoadOptions { Mono = true }, bytes.Length, default));
        Assert.Equal(2, stereo.Channels);
        Assert.Equal(1, mono.Channels);
        Assert.Equal(2, mono.SourceChannels);
        Assert.Equal(stereo.Frames, mono.Frames);
        var mean = new float[mono.Frames];
        for (int i = 0; i < mean.Length; i++) mean[i] = (stereo.Interleaved[2 * i] + stereo.Interleaved[2 * i + 1]) / 2f;
        Assert.True(SignalComparison.SnrDb(mean, mono.Interleaved) > 100);
    }

    [Fact]
    public void NoLameHeader_GivesNoGaplessInfo()
        => Assert.Null(Mp3GaplessInfo.TryRead([0xFF, 0xFB, 0x90, 0x00, .. new byte[600]]));
}
