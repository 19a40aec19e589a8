namespace MusicGenre.Features;

/// <summary>
/// Cuts a <c>[NMels, frames]</c> row-major spectrogram into windows of a fixed number of frames.
/// Windows start at 0, hop, 2·hop, … while they fit; a track shorter than one window gives one window padded on the
/// right with a pad value (the track's minimum, i.e. its dB floor).
/// </summary>
internal static class Windowing
{
    /// <summary>Number of windows of <paramref name="window"/> frames, <paramref name="hop"/> apart, in a track.</summary>
    public static int Count(int frames, int window, int hop) => frames <= window ? 1 : (frames - window) / hop + 1;

    /// <summary>The smallest value of a spectrogram (its dB floor), used to pad short tracks; 0 for an empty one.</summary>
    public static float Floor(ReadOnlySpan<float> spectrogram)
    {
        if (spectrogram.IsEmpty) return 0f;
        float min = float.PositiveInfinity;
        foreach (var v in spectrogram) if (v < min) min = v;
        return min;
    }

    /// <summary>Copies frames [start, start + window) of every band into <paramref name="destination"/> (<c>[NMels, window]</c>), padding past the end.</summary>
    public static void CopyWindow(ReadOnlySpan<float> track, int nMels, int frames, int start, int window, float padValue, Span<float> destination)
    {
        int available = Math.Clamp(frames - start, 0, window);
        for (int band = 0; band < nMels; band++)
        {
            var row = destination.Slice(band * window, window);
            track.Slice(band * frames + start, available).CopyTo(row);
            if (available < window) row[available..].Fill(padValue);
        }
    }
}
