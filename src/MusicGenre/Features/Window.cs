namespace MusicGenre.Features;

/// <summary>Analysis windows as librosa builds them (<c>scipy.signal.get_window(..., fftbins=True)</c>), in double.</summary>
public static class Window
{
    /// <summary>
    /// The periodic ("DFT-even") Hann window of <paramref name="winLength"/> samples, zero-padded on both sides to
    /// <paramref name="nFft"/> samples, centred (librosa's <c>util.pad_center</c>).
    /// </summary>
    /// <param name="winLength">Window length in samples (1..nFft).</param>
    /// <param name="nFft">Padded length in samples.</param>
    public static double[] PeriodicHann(int winLength, int nFft)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(winLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(nFft, winLength);
        var window = new double[nFft];
        int left = (nFft - winLength) / 2;
        for (int n = 0; n < winLength; n++)
            window[left + n] = winLength == 1 ? 1.0 : 0.5 - 0.5 * Math.Cos(2.0 * Math.PI * n / winLength);
        return window;
    }
}
