namespace MusicGenre.Tests.Audio;

/// <summary>Signal-to-error ratio between a decoded signal and a reference, after finding the best small lag.</summary>
public static class SignalComparison
{
    /// <summary>SNR in dB of <paramref name="actual"/> against <paramref name="expected"/> at a given lag (actual[i + lag] ~ expected[i]).</summary>
    public static double SnrDb(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, int lag = 0)
    {
        double signal = 0, error = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            int j = i + lag;
            double a = j >= 0 && j < actual.Length ? actual[j] : 0;
            double e = expected[i];
            signal += e * e;
            error += (a - e) * (a - e);
        }
        return error == 0 ? double.PositiveInfinity : 10 * Math.Log10(signal / error);
    }

    /// <summary>The lag in [-maxLag, maxLag] with the best SNR, and that SNR.</summary>
    public static (int Lag, double SnrDb) BestLag(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, int maxLag)
    {
        var best = (Lag: 0, SnrDb: double.NegativeInfinity);
        for (int lag = -maxLag; lag <= maxLag; lag++)
        {
            double snr = SnrDb(expected, actual, lag);
            if (snr > best.SnrDb) best = (lag, snr);
        }
        return best;
    }
}
