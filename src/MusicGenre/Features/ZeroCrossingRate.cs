namespace MusicGenre.Features;

/// <summary>
/// Zero-crossing rate per frame as <c>librosa.feature.zero_crossing_rate</c>: centred frames of
/// <c>frameLength</c> samples with edge padding, |x| ≤ 1e-10 counted as zero (positive), a crossing where the sign bit
/// changes between consecutive samples, divided by the frame length.
/// </summary>
public static class ZeroCrossingRate
{
    /// <summary>Number of frames for <paramref name="sampleCount"/> samples (centred): 1 + sampleCount / hop.</summary>
    /// <param name="sampleCount">Number of samples.</param>
    /// <param name="hopLength">Hop in samples.</param>
    public static int FrameCount(int sampleCount, int hopLength = 512) => 1 + sampleCount / hopLength;

    /// <summary>Computes the rate of every frame.</summary>
    /// <param name="samples">Mono samples (at least one).</param>
    /// <param name="destination">At least <see cref="FrameCount"/> values.</param>
    /// <param name="frameLength">Frame length in samples (librosa <c>frame_length</c>); default 2048.</param>
    /// <param name="hopLength">Hop in samples (librosa <c>hop_length</c>); default 512.</param>
    public static void Compute(ReadOnlySpan<float> samples, Span<float> destination, int frameLength = 2048, int hopLength = 512)
    {
        if (samples.IsEmpty) throw new ArgumentException("The signal is empty.", nameof(samples));
        ArgumentOutOfRangeException.ThrowIfLessThan(frameLength, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hopLength);
        int frames = FrameCount(samples.Length, hopLength), pad = frameLength / 2;
        if (destination.Length < frames) throw new ArgumentException($"The destination needs {frames} values.", nameof(destination));
        for (int t = 0; t < frames; t++)
        {
            int begin = t * hopLength - pad, crossings = 0;
            bool previous = Negative(SampleAt(samples, begin));
            for (int n = 1; n < frameLength; n++)
            {
                bool current = Negative(SampleAt(samples, begin + n));
                if (current != previous) crossings++;
                previous = current;
            }
            destination[t] = (float)((double)crossings / frameLength);
        }
    }

    // Edge padding: indices before the start read the first sample, after the end the last.
    private static float SampleAt(ReadOnlySpan<float> samples, int index) => samples[Math.Clamp(index, 0, samples.Length - 1)];

    private static bool Negative(float x) => Math.Abs(x) > 1e-10f && float.IsNegative(x);
}
