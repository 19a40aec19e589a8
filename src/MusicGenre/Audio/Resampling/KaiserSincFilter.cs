namespace MusicGenre.Audio.Resampling;

/// <summary>
/// Designs the low-pass prototype of <see cref="PolyphaseResampler"/>: a Kaiser-windowed sinc whose response matches
/// soxr's "HQ" recipe (librosa's default <c>soxr_hq</c>): flat to 91.3 % of the lower Nyquist frequency, stop band
/// from 100 % of it, about 120 dB (20-bit) rejection, linear phase.
/// </summary>
internal static class KaiserSincFilter
{
    /// <summary>End of the pass band, as a fraction of the lower Nyquist frequency (soxr HQ: 0.913).</summary>
    public const double PassbandEnd = 0.913;

    /// <summary>Start of the stop band, as a fraction of the lower Nyquist frequency (soxr HQ: 1.0, no aliasing).</summary>
    public const double StopbandBegin = 1.0;

    /// <summary>Stop-band rejection in dB (soxr HQ: 20 bits ≈ 120 dB).</summary>
    public const double RejectionDb = 120.4;

    /// <summary>Kaiser window shape parameter for <see cref="RejectionDb"/> (Kaiser's formula).</summary>
    public static double Beta => 0.1102 * (RejectionDb - 8.7);

    /// <summary>
    /// Half the filter's length in input samples for a conversion from <paramref name="sourceRate"/> to
    /// <paramref name="targetRate"/> (Kaiser's length estimate for the transition band).
    /// </summary>
    public static double HalfWidth(int sourceRate, int targetRate)
    {
        double lowerNyquistCycles = 0.5 * Math.Min(sourceRate, targetRate) / sourceRate; // cycles per input sample
        double transition = (StopbandBegin - PassbandEnd) * lowerNyquistCycles;
        double length = (RejectionDb - 7.95) / (14.36 * transition);
        return length / 2;
    }

    /// <summary>Cut-off (-6 dB) in cycles per input sample: the middle of the transition band.</summary>
    public static double Cutoff(int sourceRate, int targetRate)
        => 0.5 * (PassbandEnd + StopbandBegin) / 2 * Math.Min(sourceRate, targetRate) / sourceRate;

    /// <summary>The impulse response at <paramref name="t"/> input samples from its centre (unit gain at DC).</summary>
    public static double Evaluate(double t, double cutoff, double halfWidth, double beta, double besselI0OfBeta)
    {
        if (Math.Abs(t) >= halfWidth) return 0;
        double x = 2 * cutoff * t;
        double sinc = x == 0 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x);
        double r = t / halfWidth;
        double window = BesselI0(beta * Math.Sqrt(1 - r * r)) / besselI0OfBeta;
        return 2 * cutoff * sinc * window;
    }

    /// <summary>Modified Bessel function of the first kind, order 0 (power series).</summary>
    public static double BesselI0(double x)
    {
        double sum = 1, term = 1, half = x / 2;
        for (int k = 1; k < 200; k++)
        {
            term *= half / k * (half / k);
            sum += term;
            if (term < sum * 1e-17) break;
        }
        return sum;
    }
}
