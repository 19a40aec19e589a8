using MusicGenre.Tests.TestInfrastructure;

namespace MusicGenre.Tests.Audio;

/// <summary>The audio files the audio tests use, by name (all in ../shared/data/formats unless stated).</summary>
public static class TestAudio
{
    public const string B16Mono22050Wav = "b16_mono_22050.wav";
    public const string B16Mono22050Au = "b16_mono_22050.au";
    public const string B16Mono22050Aiff = "b16_mono_22050.aiff";
    public const string B16Stereo44100Wav = "b16_stereo_44100.wav";
    public const string B16SixCh48000Wav = "b16_6ch_48000.wav";
    public const string B16Mono8000Wav = "b16_mono_8000.wav";
    public const string B24Mono22050Wav = "b24_mono_22050.wav";
    public const string S32Mono22050Wav = "s32_mono_22050.wav";
    public const string F32Mono22050Wav = "f32_mono_22050.wav";
    public const string U8Mono22050Wav = "u8_mono_22050.wav";
    public const string Mp3Cbr = "mp3_128k_stereo_44100.mp3";
    public const string Mp3VbrMono = "mp3_vbr_mono_22050.mp3";
    public const string OggStereo = "ogg_stereo_44100.ogg";
    public const string Flac = "flac_mono_22050.flac";
    public const string M4a = "aac_stereo_44100.m4a";
    public const string Opus = "opus_stereo_48000.opus";
    public const string Silence30s = "silence_30s.wav";
    public const string Tiny = "tiny_0.1s.wav";

    /// <summary>The librosa fixture <c>formats.&lt;file with . → _&gt;.load22050.npy</c> of a format file.</summary>
    public static float[] Load22050Fixture(string formatFile)
        => Npy.Read(SharedData.Fixture($"formats.{formatFile.Replace('.', '_')}.load22050.npy")).Data;

    /// <summary>The first 10 s of blues.00000 at 22,050 Hz mono as librosa loads it (the source of every format file).</summary>
    public static float[] SourceReference() => Load22050Fixture(B16Mono22050Au);
}
