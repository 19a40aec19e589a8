namespace MusicGenre.Audio;

/// <summary>What a decoder is asked for: which frames, within which limits, for which named source.</summary>
internal sealed class DecodeRequest
{
    public DecodeRequest(string? name, AudioLoadOptions options, long inputBytes, CancellationToken cancellationToken)
    {
        Name = name;
        Options = options;
        InputBytes = inputBytes;
        CancellationToken = cancellationToken;
        OffsetSeconds = options.Offset;
        DurationSeconds = options.Duration;
    }

    /// <summary>Seconds to skip at the native rate (from <see cref="AudioLoadOptions.Offset"/> unless a range was asked for).</summary>
    public double OffsetSeconds { get; private init; }

    /// <summary>Seconds to read, null to the end (from <see cref="AudioLoadOptions.Duration"/> unless a range was asked for).</summary>
    public double? DurationSeconds { get; private init; }

    /// <summary>The same request for another range and cancellation token.</summary>
    public DecodeRequest ForRange(double offsetSeconds, double? durationSeconds, CancellationToken cancellationToken)
        => new(Name, Options, InputBytes, cancellationToken) { OffsetSeconds = offsetSeconds, DurationSeconds = durationSeconds };

    /// <summary>File name or stream description used in error messages.</summary>
    public string? Name { get; }

    public AudioLoadOptions Options { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>Size of the encoded input, in bytes: bounds what a decoder may allocate.</summary>
    public long InputBytes { get; }

    /// <summary>
    /// The most samples (all channels, native rate) a decoder may produce: <see cref="AudioLoadOptions.MaxSamples"/>,
    /// and no more than <paramref name="maxSamplesPerInputByte"/> per input byte (plus 64 Ki), so a small damaged
    /// file can never claim gigabytes.
    /// </summary>
    public long SampleLimit(int maxSamplesPerInputByte)
        => Math.Min(Options.MaxSamples, InputBytes >= long.MaxValue / maxSamplesPerInputByte ? long.MaxValue : InputBytes * maxSamplesPerInputByte + (1 << 16));

    /// <summary>The frames to read at the native rate, like librosa: <c>int(offset * sr)</c>, <c>int(duration * sr)</c>.</summary>
    public FrameWindow Window(int sampleRate) => FrameWindow.From(OffsetSeconds, DurationSeconds, sampleRate);

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
        if (sampleRate is < AudioLimits.MinSampleRate or > AudioLimits.MaxSampleRate)
            throw Error($"{format} header has sample rate {sampleRate} Hz; supported rates are {AudioLimits.MinSampleRate}..{AudioLimits.MaxSampleRate} Hz");
    }
}

/// <summary>Hard limits on what a header may claim (see docs/audio.md, "Limits").</summary>
internal static class AudioLimits
{
    public const int MaxChannels = 255;

    /// <summary>Lowest native rate accepted: below it a header is damaged (and resampling it would multiply its size).</summary>
    public const int MinSampleRate = 1_000;

    /// <summary>Highest native rate accepted (the highest rate audio hardware uses).</summary>
    public const int MaxSampleRate = 768_000;
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

    /// <summary>Whether the window is the whole source (from the start, to the end).</summary>
    public bool IsWhole => Start == 0 && Count == long.MaxValue;

    /// <summary>Frames of this window that fall inside a source of <paramref name="totalFrames"/> frames.</summary>
    public long Clip(long totalFrames) => Math.Max(0, Math.Min(Count, totalFrames - Start));
}
