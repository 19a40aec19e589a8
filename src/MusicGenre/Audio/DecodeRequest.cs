namespace MusicGenre.Audio;

/// <summary>What a decoder is asked for: which frames, within which limits, for which named source.</summary>
internal sealed class DecodeRequest
{
    public DecodeRequest(string? name, AudioLoadOptions options, CancellationToken cancellationToken)
    {
        Name = name;
        Options = options;
        CancellationToken = cancellationToken;
    }

    /// <summary>File name or stream description used in error messages.</summary>
    public string? Name { get; }

    public AudioLoadOptions Options { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>The frames to read at the native rate, like librosa: <c>int(offset * sr)</c>, <c>int(duration * sr)</c>.</summary>
    public FrameWindow Window(int sampleRate) => FrameWindow.From(Options.Offset, Options.Duration, sampleRate);

    /// <summary>Throws <see cref="AudioFormatException"/> naming the source.</summary>
    public AudioFormatException Error(string reason, Exception? inner = null) => new(Name, reason, inner);

    /// <summary>
    /// Checks the header's basic claims before anything is divided or allocated: channels and rate must be positive
    /// and plausible.
    /// </summary>
    public void ValidateLayout(int channels, long sampleRate, string format)
    {
        if (channels <= 0) throw Error($"{format} header has {channels} channels; at least one is needed");
        if (channels > AudioLimits.MaxChannels) throw Error($"{format} header has {channels} channels; at most {AudioLimits.MaxChannels} are supported");
        if (sampleRate <= 0) throw Error($"{format} header has sample rate {sampleRate} Hz; it must be positive");
        if (sampleRate > AudioLimits.MaxSampleRate) throw Error($"{format} header has sample rate {sampleRate} Hz; at most {AudioLimits.MaxSampleRate} Hz is supported");
    }
}

/// <summary>Hard limits on what a header may claim.</summary>
internal static class AudioLimits
{
    public const int MaxChannels = 255;
    public const int MaxSampleRate = 1_536_000;
}

/// <summary>A range of frames at the native rate: where to start, and how many to read at most.</summary>
internal readonly record struct FrameWindow(long Start, long Count)
{
    public static FrameWindow From(double offsetSeconds, double? durationSeconds, int sampleRate)
    {
        long start = (long)Math.Min(offsetSeconds * sampleRate, long.MaxValue / 2);
        long count = durationSeconds is { } d ? (long)Math.Min(d * sampleRate, long.MaxValue / 2) : long.MaxValue;
        return new FrameWindow(Math.Max(0, start), Math.Max(0, count));
    }

    /// <summary>Frames of this window that fall inside a source of <paramref name="totalFrames"/> frames.</summary>
    public long Clip(long totalFrames) => Math.Max(0, Math.Min(Count, totalFrames - Start));
}
