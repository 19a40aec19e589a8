namespace MusicGenre.Audio;

/// <summary>Channel layout conversions on interleaved float samples. Thread-safe (stateless).</summary>
internal static class ChannelMixer
{
    /// <summary>
    /// The mean of the channels, computed like numpy's <c>np.mean(y, axis=0)</c> on float32 (librosa's
    /// <c>to_mono</c>): channels summed in order in float32, then divided by the channel count.
    /// </summary>
    public static float[] ToMono(ReadOnlySpan<float> interleaved, int channels, int frames)
    {
        var mono = new float[frames];
        float count = channels;
        if (channels == 2)
        {
            for (int i = 0; i < frames; i++) mono[i] = (interleaved[2 * i] + interleaved[2 * i + 1]) / 2f;
            return mono;
        }
        for (int i = 0; i < frames; i++)
        {
            var frame = interleaved.Slice(i * channels, channels);
            float sum = frame[0];
            for (int c = 1; c < channels; c++) sum += frame[c];
            mono[i] = sum / count;
        }
        return mono;
    }

    /// <summary>Splits interleaved samples into one array per channel.</summary>
    public static float[][] Deinterleave(ReadOnlySpan<float> interleaved, int channels, int frames)
    {
        var planes = new float[channels][];
        for (int c = 0; c < channels; c++)
        {
            var plane = planes[c] = new float[frames];
            for (int i = 0, j = c; i < frames; i++, j += channels) plane[i] = interleaved[j];
        }
        return planes;
    }

    /// <summary>Concatenates equal-length planes into one planar array (channel-major).</summary>
    public static float[] Concatenate(float[][] planes)
    {
        int frames = planes[0].Length;
        var all = new float[planes.Length * frames];
        for (int c = 0; c < planes.Length; c++) planes[c].CopyTo(all, c * frames);
        return all;
    }
}
