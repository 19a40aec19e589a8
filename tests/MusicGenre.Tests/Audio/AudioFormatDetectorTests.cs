using MusicGenre.Audio;
using MusicGenre.Tests.TestInfrastructure;

namespace MusicGenre.Tests.Audio;

/// <summary>Format detection from content, never from the extension.</summary>
public class AudioFormatDetectorTests
{
    [SkippableTheory]
    [InlineData(TestAudio.B16Mono22050Wav, AudioContainerFormat.Wav)]
    [InlineData(TestAudio.B24Mono22050Wav, AudioContainerFormat.Wav)]
    [InlineData(TestAudio.B16Mono22050Au, AudioContainerFormat.Au)]
    [InlineData(TestAudio.B16Mono22050Aiff, AudioContainerFormat.Aiff)]
    [InlineData(TestAudio.Mp3Cbr, AudioContainerFormat.Mp3)]
    [InlineData(TestAudio.Mp3VbrMono, AudioContainerFormat.Mp3)]
    [InlineData(TestAudio.OggStereo, AudioContainerFormat.OggVorbis)]
    [InlineData(TestAudio.Opus, AudioContainerFormat.OggOpus)]
    [InlineData(TestAudio.Flac, AudioContainerFormat.Flac)]
    [InlineData(TestAudio.M4a, AudioContainerFormat.Mp4)]
    public void RealFiles_AreDetected(string file, AudioContainerFormat expected)
    {
        var bytes = File.ReadAllBytes(SharedData.Format(file)).AsSpan(0, AudioFormatDetector.HeaderLength);
        Assert.Equal(expected, AudioFormatDetector.Detect(bytes));
    }

    [Theory]
    [InlineData(new byte[0], AudioContainerFormat.Unknown)]
    [InlineData(new byte[] { 0x74, 0x68, 0x69, 0x73 }, AudioContainerFormat.Unknown)]
    [InlineData(new byte[] { 0xFF, 0xF1, 0x50, 0x80 }, AudioContainerFormat.Aac)]
    [InlineData(new byte[] { 0x1A, 0x45, 0xDF, 0xA3 }, AudioContainerFormat.Matroska)]
    [InlineData(new byte[] { 0xFF, 0xFB, 0xF0, 0x00 }, AudioContainerFormat.Unknown)] // bitrate index 15: invalid
    public void Signatures_AreRecognisedOrRejected(byte[] header, AudioContainerFormat expected)
        => Assert.Equal(expected, AudioFormatDetector.Detect(header));
}
