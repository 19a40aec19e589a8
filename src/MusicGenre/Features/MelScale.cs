namespace MusicGenre.Features;

/// <summary>
/// Hz ↔ mel conversions as <c>librosa.hz_to_mel</c> / <c>librosa.mel_to_hz</c>: the Slaney formula (linear below
/// 1 kHz, logarithmic above) or, with <c>htk</c>, 2595·log10(1 + f/700). Computed in double, as librosa does.
/// </summary>
public static class MelScale
{
    private const double SlaneyHzPerMel = 200.0 / 3;
    private const double MinLogHz = 1000.0;
    private const double MinLogMel = MinLogHz / SlaneyHzPerMel;
    private static readonly double LogStep = Math.Log(6.4) / 27.0;

    /// <summary>Converts a frequency in Hz to mels.</summary>
    /// <param name="hz">Frequency in Hz.</param>
    /// <param name="htk">Use the HTK formula instead of Slaney's.</param>
    public static double HzToMel(double hz, bool htk = false)
    {
        if (htk) return 2595.0 * Math.Log10(1.0 + hz / 700.0);
        return hz >= MinLogHz ? MinLogMel + Math.Log(hz / MinLogHz) / LogStep : hz / SlaneyHzPerMel;
    }

    /// <summary>Converts mels to a frequency in Hz.</summary>
    /// <param name="mel">Mel value.</param>
    /// <param name="htk">Use the HTK formula instead of Slaney's.</param>
    public static double MelToHz(double mel, bool htk = false)
    {
        if (htk) return 700.0 * (Math.Pow(10.0, mel / 2595.0) - 1.0);
        return mel >= MinLogMel ? MinLogHz * Math.Exp(LogStep * (mel - MinLogMel)) : SlaneyHzPerMel * mel;
    }

    /// <summary>
    /// <paramref name="count"/> frequencies in Hz evenly spaced on the mel scale from <paramref name="fMin"/> to
    /// <paramref name="fMax"/> inclusive (<c>librosa.mel_frequencies</c>, with numpy's <c>linspace</c> arithmetic).
    /// </summary>
    /// <param name="count">Number of frequencies (at least 1).</param>
    /// <param name="fMin">Lowest frequency in Hz.</param>
    /// <param name="fMax">Highest frequency in Hz.</param>
    /// <param name="htk">Use the HTK formula instead of Slaney's.</param>
    public static double[] MelFrequencies(int count, double fMin, double fMax, bool htk = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        double minMel = HzToMel(fMin, htk), maxMel = HzToMel(fMax, htk);
        var result = new double[count];
        double step = count > 1 ? (maxMel - minMel) / (count - 1) : 0;
        for (int i = 0; i < count; i++) result[i] = MelToHz(i * step + minMel, htk);
        if (count > 1) result[count - 1] = MelToHz(maxMel, htk);
        return result;
    }
}
