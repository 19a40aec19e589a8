using System.Diagnostics;
using MusicGenre.Audio;
using MusicGenre.Audio.Ffmpeg;
using MusicGenre.Audio.Mp3;
using MusicGenre.Tests.TestInfrastructure;
using Xunit.Abstractions;

namespace MusicGenre.Tests.Audio;

/// <summary>
/// The two MP3 decoders (the system's libmpg123 and the managed NLayer) give the samples and the length of
/// mpg123, and so of libsndfile and librosa.
/// </summary>
public class Mp3BackendTests(ITestOutputHelper output)
{
    private static readonly AudioLoadOptions Native = new() { SampleRate = null, Mono = false };

    [SkippableTheory]
    [InlineData(Mp3Backend.Native)]
    [InlineData(Mp3Backend.Managed)]
    public void BothDecoders_MatchLibrosa(Mp3Backend backend)
    {
        AudioReaderTests.SkipUnlessAvailable(backend);
        using var _ = AudioReaderTests.UseBackend(backend);
        var expected = TestAudio.Load22050Fixture(TestAudio.Mp3Cbr);
        var clip = AudioFile.Load(SharedData.Format(TestAudio.Mp3Cbr));
        var (lag, snr) = SignalComparison.BestLag(expected, clip.Samples, 8);
        output.WriteLine($"{Mp3Decoders.ActiveDescription}: length {clip.Frames} (librosa {expected.Length}), lag {lag}, {snr:F1} dB vs librosa");
        Assert.Equal(expected.Length, clip.Frames);
        Assert.Equal(0, lag);
        Assert.True(snr >= 100, $"{snr:F1} dB");
    }

    [SkippableTheory]
    [InlineData(TestAudio.Mp3Cbr, Mp3Backend.Native)]
    [InlineData(TestAudio.Mp3Cbr, Mp3Backend.Managed)]
    [InlineData(TestAudio.Mp3VbrMono, Mp3Backend.Native)]
    [InlineData(TestAudio.Mp3VbrMono, Mp3Backend.Managed)]
    public void BothDecoders_MatchTheMpg123CommandLine(string file, Mp3Backend backend)
    {
        AudioReaderTests.SkipUnlessAvailable(backend);
        var path = SharedData.Format(file);
        var reference = Mpg123(path);
        using var _ = AudioReaderTests.UseBackend(backend);
        AssertMatches(path, reference, backend);
    }

    [SkippableTheory]
    [InlineData(Mp3Backend.Native)]
    [InlineData(Mp3Backend.Managed)]
    public void FfmpegEncoded96kFiles_HaveMpg123sLength(Mp3Backend backend)
    {
        // The case: a 30 s GTZAN clip as 44.1 kHz stereo 96 kbit/s (ffmpeg's libmp3lame writes a LAME tag
        // with "Lavc" as the encoder, delay 576, padding 636).
        AudioReaderTests.SkipUnlessAvailable(backend);
        var ffmpeg = FfmpegLocator.Find();
        Skip.If(ffmpeg is null, "ffmpeg is not installed (apt-get install ffmpeg)");
        using var folder = new TempFolder();
        var mp3 = folder.Combine("blues96.mp3");
        Run(ffmpeg!, "-v", "error", "-y", "-i", SharedData.GtzanClip("blues.00000"), "-ac", "2", "-ar", "44100", "-b:a", "96k", "-c:a", "libmp3lame", mp3);
        var reference = Mpg123(mp3);
        using var _ = AudioReaderTests.UseBackend(backend);
        AssertMatches(mp3, reference, backend);
        Assert.Equal(661794, AudioFile.Load(mp3).Frames); // the source's own length at 22,050 Hz
    }

    [Fact]
    public void TheActiveDecoder_IsReported()
    {
        Assert.Contains(Mp3Decoders.IsNativeAvailable ? "libmpg123" : "NLayer", Mp3Decoders.ActiveDescription);
        using (AudioReaderTests.UseBackend(Mp3Backend.Managed))
        {
            Assert.Equal(Mp3Backend.Managed, Mp3Decoders.Active);
            Assert.StartsWith("managed NLayer", Mp3Decoders.ActiveDescription);
        }
    }

    private void AssertMatches(string path, float[] reference, Mp3Backend backend)
    {
        var clip = AudioFile.Load(path, Native);
        var interleaved = new float[clip.Samples.Length];
        for (int c = 0; c < clip.Channels; c++)
        {
            var plane = clip.GetChannel(c);
            for (int i = 0; i < plane.Length; i++) interleaved[i * clip.Channels + c] = plane[i];
        }
        var (lag, snr) = SignalComparison.BestLag(reference, interleaved, 2 * clip.Channels);
        output.WriteLine($"{Path.GetFileName(path)}, {Mp3Decoders.ActiveDescription}: {clip.Frames} frames (mpg123 {reference.Length / clip.Channels}), lag {lag}, {snr:F1} dB vs mpg123");
        Assert.Equal(reference.Length, interleaved.Length);
        Assert.Equal(0, lag);
        Assert.True(snr >= 100, $"{snr:F1} dB vs mpg123");
        if (backend == Mp3Backend.Native) Assert.Equal(reference, interleaved); // the same library, the same flags
    }

    /// <summary>The file as the mpg123 command line decodes it: interleaved 32-bit float, gapless (its default).</summary>
    private static float[] Mpg123(string path)
    {
        var mpg123 = new[] { "/usr/bin/mpg123", "/usr/local/bin/mpg123", "/opt/homebrew/bin/mpg123" }.FirstOrDefault(File.Exists);
        Skip.If(mpg123 is null, "the mpg123 command line is not installed (apt-get install mpg123)");
        var psi = new ProcessStartInfo(mpg123!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-q", "-e", "f32", "-s", path }) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var bytes = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(bytes);
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        var samples = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes.GetBuffer(), 0, samples, 0, samples.Length * 4);
        return samples;
    }

    private static void Run(string exe, params string[] args)
    {
        var psi = new ProcessStartInfo(exe) { UseShellExecute = false, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, errors);
    }
}
