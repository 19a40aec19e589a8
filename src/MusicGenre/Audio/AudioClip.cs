namespace MusicGenre.Audio;

/// <summary>
/// Decoded audio: float32 samples in [-1, 1], as <c>librosa.load</c> returns them.
/// </summary>
/// <remarks>
/// Mono clips hold <see cref="Frames"/> samples. Multi-channel clips (only when
/// <see cref="AudioLoadOptions.Mono"/> is false) are planar: channel <c>c</c> occupies
/// <c>Samples[c * Frames .. (c + 1) * Frames]</c>, like librosa's <c>(channels, n)</c> array.
/// </remarks>
public sealed class AudioClip
{
    /// <summary>Creates a clip.</summary>
    /// <param name="samples">Planar samples (see remarks on the type).</param>
    /// <param name="sampleRate">Sample rate of <paramref name="samples"/>, in Hz.</param>
    /// <param name="channels">Number of channels held in <paramref name="samples"/>.</param>
    /// <param name="sourceSampleRate">Native sample rate of the source, in Hz.</param>
    /// <param name="sourceChannels">Number of channels in the source.</param>
    /// <param name="sourcePath">The file the clip was decoded from, if any.</param>
    public AudioClip(float[] samples, int sampleRate, int channels, int sourceSampleRate, int sourceChannels, string? sourcePath = null)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        if (samples.Length % channels != 0)
            throw new ArgumentException($"Sample count {samples.Length} is not a multiple of the channel count {channels}.", nameof(samples));
        Samples = samples;
        SampleRate = sampleRate;
        Channels = channels;
        SourceSampleRate = sourceSampleRate;
        SourceChannels = sourceChannels;
        SourcePath = sourcePath;
    }

    /// <summary>The samples, planar by channel.</summary>
    public float[] Samples { get; }

    /// <summary>Sample rate of <see cref="Samples"/>, in Hz.</summary>
    public int SampleRate { get; }

    /// <summary>Number of channels in <see cref="Samples"/> (1 when loaded as mono).</summary>
    public int Channels { get; }

    /// <summary>Samples per channel.</summary>
    public int Frames => Samples.Length / Channels;

    /// <summary>Duration of the clip.</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds((double)Frames / SampleRate);

    /// <summary>Native sample rate of the source file, in Hz.</summary>
    public int SourceSampleRate { get; }

    /// <summary>Channel count of the source file.</summary>
    public int SourceChannels { get; }

    /// <summary>Path of the source file, or null for a stream.</summary>
    public string? SourcePath { get; }

    /// <summary>The samples of one channel.</summary>
    /// <param name="channel">Zero-based channel index.</param>
    public ReadOnlySpan<float> GetChannel(int channel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(channel, Channels);
        return Samples.AsSpan(channel * Frames, Frames);
    }
}
