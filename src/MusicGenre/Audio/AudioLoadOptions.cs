namespace MusicGenre.Audio;

/// <summary>Options of <see cref="AudioFile.Load(string, AudioLoadOptions?, CancellationToken)"/>, named after <c>librosa.load</c>'s.</summary>
public sealed class AudioLoadOptions
{
    /// <summary>Default values.</summary>
    public static class Defaults
    {
        /// <summary>librosa's default target rate, 22,050 Hz.</summary>
        public const int SampleRate = 22050;
    }

    /// <summary>
    /// Target sample rate in Hz (librosa <c>sr</c>); default 22,050. Null keeps the file's native rate
    /// (librosa <c>sr=None</c>).
    /// </summary>
    public int? SampleRate { get; set; } = Defaults.SampleRate;

    /// <summary>Average the channels into one (librosa <c>mono</c>, <c>to_mono</c>); default true.</summary>
    public bool Mono { get; set; } = true;

    /// <summary>Start reading this many seconds into the file (librosa <c>offset</c>); default 0.</summary>
    public double Offset { get; set; }

    /// <summary>Read at most this many seconds (librosa <c>duration</c>); default null reads to the end.</summary>
    public double? Duration { get; set; }

    /// <summary>
    /// Path of the ffmpeg executable used for formats without a managed decoder (FLAC, M4A, Opus, ...).
    /// Default null: look for <c>ffmpeg</c> on PATH (or the <c>MUSICGENRE_FFMPEG</c> environment variable).
    /// </summary>
    public string? FfmpegPath { get; set; }

    /// <summary>
    /// Upper bound on decoded samples (all channels, before resampling), guarding against hostile headers and
    /// endless streams; default 2^28 (about 100 minutes of 44.1 kHz stereo).
    /// </summary>
    public long MaxSamples { get; set; } = 1L << 28;
}
