namespace MusicGenre.Audio;

/// <summary>Options of <see cref="AudioFile.Load(string, AudioLoadOptions?, CancellationToken)"/>, named after <c>librosa.load</c>'s.</summary>
public sealed class AudioLoadOptions
{
    /// <summary>Default values.</summary>
    public static class Defaults
    {
        /// <summary>librosa's default target rate, 22,050 Hz.</summary>
        public const int SampleRate = 22050;

        /// <summary>Default <see cref="AudioLoadOptions.MaxSamples"/>: 2^28 samples (about 100 minutes of 44.1 kHz stereo).</summary>
        public const long MaxSamples = 1L << 28;
    }

    /// <summary>
    /// Target sample rate in Hz (librosa <c>sr</c>), 1,000 to 768,000; default 22,050. Null keeps the file's native
    /// rate (librosa <c>sr=None</c>). Files whose native rate is outside the same range are content errors.
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
    /// Upper bound on samples (all channels), both as decoded at the native rate and after resampling, guarding
    /// against hostile headers and endless streams; default 2^28 (about 100 minutes of 44.1 kHz stereo). More
    /// throws <see cref="AudioFormatException"/>; set <see cref="Duration"/> to read part of a longer file.
    /// </summary>
    public long MaxSamples { get; set; } = Defaults.MaxSamples;

    /// <summary>Throws one <see cref="ArgumentException"/> listing every invalid option.</summary>
    /// <exception cref="ArgumentException">At least one option is out of range.</exception>
    public void Validate()
    {
        var problems = new List<string>();
        if (SampleRate is { } rate && (rate < 1_000 || rate > 768_000))
            problems.Add($"SampleRate must be null or in 1000..768000 Hz, not {rate}");
        if (!double.IsFinite(Offset) || Offset < 0)
            problems.Add($"Offset must be a finite number of seconds >= 0, not {Offset}");
        if (Duration is { } duration && (!double.IsFinite(duration) || duration < 0))
            problems.Add($"Duration must be null or a finite number of seconds >= 0, not {duration}");
        if (MaxSamples <= 0)
            problems.Add($"MaxSamples must be positive, not {MaxSamples}");
        if (FfmpegPath is not null && string.IsNullOrWhiteSpace(FfmpegPath))
            problems.Add("FfmpegPath must be null or a path, not blank");
        if (problems.Count > 0)
            throw new ArgumentException("Invalid AudioLoadOptions: " + string.Join("; ", problems) + ".");
    }
}
