using MusicGenre.Audio;
using MusicGenre.Tests.TestInfrastructure;
using Xunit.Abstractions;

namespace MusicGenre.Tests.Audio;

/// <summary>Decoded samples against librosa 0.11's <c>librosa.load(path, sr=22050, mono=True)</c> fixtures.</summary>
public class AudioFileParityTests(ITestOutputHelper output)
{
    [SkippableTheory]
    [InlineData("blues.00000")]
    [InlineData("classical.00000")]
    [InlineData("metal.00000")]
    public void GtzanWav_EqualsLibrosaExactly(string clip)
    {
        var expected = Npy.Read(SharedData.Fixture($"{clip}.samples.npy")).Data;
        var clipAudio = AudioFile.Load(SharedData.GtzanClip(clip));
        Assert.Equal(22050, clipAudio.SampleRate);
        Assert.Equal(1, clipAudio.Channels);
        Assert.Equal(expected, clipAudio.Samples);
    }

    [SkippableFact]
    public void EveryGtzanMiniClip_DecodesAsThirtySecondsOfMono22050()
    {
        var files = Directory.GetFiles(SharedData.GtzanMini, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".wav", StringComparison.Ordinal) || f.EndsWith(".au", StringComparison.Ordinal)).ToArray();
        Assert.Equal(70, files.Length);
        foreach (var file in files)
        {
            var clip = AudioFile.Load(file);
            Assert.Equal(22050, clip.SampleRate);
            Assert.Equal(1, clip.SourceChannels);
            Assert.Equal(22050, clip.SourceSampleRate);
            Assert.InRange(clip.Duration.TotalSeconds, 29.9, 30.7);
            float peak = 0;
            foreach (var s in clip.Samples) peak = Math.Max(peak, Math.Abs(s));
            Assert.InRange(peak, 1e-3f, 1f);
        }
    }

    [SkippableTheory]
    [InlineData(TestAudio.B16Mono22050Au)]
    [InlineData(TestAudio.U8Mono22050Wav)]
    [InlineData(TestAudio.B24Mono22050Wav)]
    [InlineData(TestAudio.F32Mono22050Wav)]
    public void NativeRateFormats_EqualLibrosaExactly(string file)
    {
        var expected = TestAudio.Load22050Fixture(file);
        var clip = AudioFile.Load(SharedData.Format(file));
        Assert.Equal(expected, clip.Samples);
    }

    [SkippableTheory]
    [InlineData(TestAudio.B16Mono22050Wav)]
    [InlineData(TestAudio.B16Mono22050Aiff)]
    [InlineData(TestAudio.S32Mono22050Wav)]
    public void OtherNativeRateFormats_EqualTheSource(string file)
    {
        // No librosa fixture of their own: they hold the same 16-bit samples as the AU file, whose fixture is exact.
        var clip = AudioFile.Load(SharedData.Format(file));
        Assert.Equal(TestAudio.SourceReference(), clip.Samples);
    }

    [SkippableTheory]
    [InlineData("blues.00000")]
    [InlineData("classical.00000")]
    public void GtzanAu_EqualsItsWavTwin(string clip)
    {
        var au = AudioFile.Load(SharedData.Require("data", "gtzan-au", clip + ".au"));
        var wav = AudioFile.Load(SharedData.GtzanClip(clip));
        Assert.Equal(wav.Samples, au.Samples);
        Assert.Equal(Npy.Read(SharedData.Fixture($"{clip}.samples.npy")).Data, au.Samples);
    }

    [SkippableTheory]
    [InlineData(TestAudio.B16Stereo44100Wav, 40.0)]
    [InlineData(TestAudio.B16SixCh48000Wav, 40.0)]
    [InlineData(TestAudio.B16Mono8000Wav, 40.0)]
    public void ResampledFormats_MatchSoxrHq(string file, double minSnrDb)
    {
        var expected = TestAudio.Load22050Fixture(file);
        var clip = AudioFile.Load(SharedData.Format(file));
        Assert.Equal(expected.Length, clip.Frames);
        var (lag, snr) = SignalComparison.BestLag(expected, clip.Samples, 4);
        output.WriteLine($"{file}: length {clip.Frames} (librosa {expected.Length}), best lag {lag}, SNR {snr:F2} dB, SNR at lag 0 {SignalComparison.SnrDb(expected, clip.Samples):F2} dB");
        Assert.True(snr >= minSnrDb, $"{file}: SNR {snr:F2} dB < {minSnrDb} dB (lag {lag})");
    }

    [SkippableTheory]
    [InlineData("blues.00000")]
    [InlineData("metal.00000")]
    public void GtzanAt16k_MatchesSoxrHq(string clip)
    {
        // librosa.load(path, sr=16000): musicnn's input rate (22,050 → 16,000 Hz, 320/441 phases).
        var expected = Npy.Read(SharedData.Fixture($"{clip}.load16000.npy")).Data;
        var audio = AudioFile.Load(SharedData.GtzanClip(clip), new AudioLoadOptions { SampleRate = 16000 });
        Assert.Equal(expected.Length, audio.Frames);
        double snr = SignalComparison.SnrDb(expected, audio.Samples);
        output.WriteLine($"{clip} at 16 kHz: length {audio.Frames} (librosa {expected.Length}), SNR {snr:F2} dB");
        Assert.True(snr >= 40, $"{clip}: SNR {snr:F2} dB < 40 dB");
    }

    [SkippableFact]
    public void Mp3Cbr_MatchesMpg123Trimmed()
        => AssertLossyDecode(TestAudio.Mp3Cbr, TestAudio.Load22050Fixture(TestAudio.Mp3Cbr), "librosa", 30);

    [SkippableFact]
    public void Mp3VbrMono_MatchesFfmpegAndTheSource()
    {
        // No librosa fixture: the source it was encoded from bounds the codec's own loss; ffmpeg's decoder (which also
        // trims the LAME delay and padding) checks the decoder itself.
        var clip = AssertLossyDecode(TestAudio.Mp3VbrMono, TestAudio.SourceReference(), "the uncompressed source", 15);
        Assert.Equal(22050, clip.SourceSampleRate);
        CompareWithFfmpeg(TestAudio.Mp3VbrMono, clip.Samples);
    }

    [SkippableFact]
    public void OggVorbis_MatchesFfmpegAndTheSource()
    {
        var source = TestAudio.Load22050Fixture(TestAudio.B16Stereo44100Wav);
        var clip = AssertLossyDecode(TestAudio.OggStereo, source, "librosa's load of the source WAV", 15);
        CompareWithFfmpeg(TestAudio.OggStereo, clip.Samples);
    }

    /// <summary>Same length ±1, aligned within ±2 samples, and at least <paramref name="minSnrDb"/> against the reference.</summary>
    private AudioClip AssertLossyDecode(string file, float[] reference, string referenceName, double minSnrDb)
    {
        var clip = AudioFile.Load(SharedData.Format(file));
        var (lag, snr) = SignalComparison.BestLag(reference, clip.Samples, 64);
        output.WriteLine($"{file}: length {clip.Frames} ({referenceName}: {reference.Length}), best lag {lag}, SNR {snr:F2} dB");
        Assert.InRange(clip.Frames, reference.Length - 1, reference.Length + 1);
        Assert.InRange(lag, -2, 2);
        Assert.True(snr >= minSnrDb, $"{file}: SNR vs {referenceName} {snr:F2} dB < {minSnrDb} dB");
        return clip;
    }

    /// <summary>Where ffmpeg exists, its decoder (libavcodec) must agree with the managed one at >= 30 dB, same length ±1.</summary>
    private void CompareWithFfmpeg(string file, float[] managed)
    {
        var ffmpeg = MusicGenre.Audio.Ffmpeg.FfmpegLocator.Find();
        if (ffmpeg is null)
        {
            output.WriteLine("ffmpeg absent: decoder-to-decoder comparison skipped");
            return;
        }
        var path = SharedData.Format(file);
        using var stream = File.OpenRead(path);
        var request = new DecodeRequest(path, new AudioLoadOptions(), stream.Length, CancellationToken.None);
        var decoded = new MusicGenre.Audio.Ffmpeg.FfmpegDecoder(ffmpeg, file).Decode(path, stream, request);
        var reference = AudioFile.Load(new MemoryStream(WavWriter.Float32(decoded.Interleaved[..(int)(decoded.Frames * decoded.Channels)], decoded.Channels, decoded.SampleRate)), new AudioLoadOptions(), "ffmpeg output");
        var (lag, snr) = SignalComparison.BestLag(reference.Samples, managed, 64);
        output.WriteLine($"{file}: managed {managed.Length} vs ffmpeg {reference.Frames} samples, best lag {lag}, SNR {snr:F2} dB");
        Assert.InRange(managed.Length, reference.Frames - 1, reference.Frames + 1);
        Assert.True(snr >= 30, $"{file}: SNR vs ffmpeg {snr:F2} dB < 30 dB (lag {lag})");
    }
}
