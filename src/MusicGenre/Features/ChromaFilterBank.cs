namespace MusicGenre.Features;

/// <summary>
/// The chroma filter bank of <c>librosa.filters.chroma</c> (12 bins, centre octave 5, octave width 2, L2-normalised
/// columns, starting at C), as a dense row-major <c>[NChroma, NFft / 2 + 1]</c> matrix in double.
/// </summary>
public static class ChromaFilterBank
{
    /// <summary>Builds the filter bank.</summary>
    /// <param name="sampleRate">Sample rate in Hz.</param>
    /// <param name="nFft">FFT length.</param>
    /// <param name="tuning">Tuning deviation from A440 in fractions of a chroma bin (librosa <c>tuning</c>).</param>
    /// <param name="nChroma">Number of chroma bins (librosa <c>n_chroma</c>); default 12.</param>
    /// <param name="centerOctave">Centre of the Gaussian octave weighting (librosa <c>ctroct</c>); default 5.</param>
    /// <param name="octaveWidth">Width of that weighting in octaves (librosa <c>octwidth</c>); null disables it; default 2.</param>
    public static double[] Create(int sampleRate, int nFft, double tuning = 0, int nChroma = 12, double centerOctave = 5.0, double? octaveWidth = 2.0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        ArgumentOutOfRangeException.ThrowIfLessThan(nFft, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(nChroma);
        // frqbins over all n_fft bins except 0 (np.linspace(0, sr, n_fft, endpoint=False)[1:]), bin 0 extrapolated.
        var frqbins = new double[nFft];
        double a440 = 440.0 * Math.Pow(2.0, tuning / nChroma);
        for (int k = 1; k < nFft; k++)
        {
            double f = k * ((double)sampleRate / nFft);
            frqbins[k] = nChroma * Math.Log2(f / (a440 / 16));
        }
        frqbins[0] = frqbins[1] - 1.5 * nChroma;
        var width = new double[nFft];
        for (int k = 0; k < nFft - 1; k++) width[k] = Math.Max(frqbins[k + 1] - frqbins[k], 1.0);
        width[nFft - 1] = 1;

        double half = Math.Round(nChroma / 2.0, MidpointRounding.ToEven);
        var wts = new double[nChroma * nFft];
        for (int k = 0; k < nFft; k++)
        {
            double norm = 0;
            for (int c = 0; c < nChroma; c++)
            {
                double d = frqbins[k] - c;
                d = Mod(d + half + 10 * nChroma, nChroma) - half;
                double v = Math.Exp(-0.5 * Math.Pow(2 * d / width[k], 2));
                wts[c * nFft + k] = v;
                norm += v * v;
            }
            norm = Math.Sqrt(norm);
            double octave = octaveWidth is { } ow ? Math.Exp(-0.5 * Math.Pow((frqbins[k] / nChroma - centerOctave) / ow, 2)) : 1.0;
            for (int c = 0; c < nChroma; c++)
                wts[c * nFft + k] = (norm < double.Epsilon ? wts[c * nFft + k] : wts[c * nFft + k] / norm) * octave;
        }
        // Roll so the first row is C (base_c): shift rows up by 3 per 12 bins; keep bins 0..n_fft/2.
        int bins = nFft / 2 + 1, shift = 3 * (nChroma / 12);
        var result = new double[nChroma * bins];
        for (int c = 0; c < nChroma; c++)
        {
            int source = (c + shift) % nChroma;
            Array.Copy(wts, source * nFft, result, c * bins, bins);
        }
        return result;
    }

    private static double Mod(double x, double m)
    {
        double r = x % m;
        return r < 0 ? r + m : r;
    }
}
