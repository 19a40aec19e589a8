namespace MusicGenre.Features;

/// <summary>
/// Tuning deviation from A440 as <c>librosa.estimate_tuning(S=power, sr, n_fft)</c>: parabolic-interpolated spectral
/// peaks (<c>piptrack</c>, 150–4,000 Hz, threshold 0.1 × frame max), those at or above the median peak magnitude,
/// histogram of their deviation from the equal-tempered grid at 0.01-bin resolution; the most populated bin wins.
/// </summary>
public static class TuningEstimator
{
    /// <summary>Estimates the tuning in fractions of a bin (−0.5 .. 0.5).</summary>
    /// <param name="spectrogram">Spectrogram, row-major <c>[frames, bins]</c> (frame outer), bins = NFft / 2 + 1.</param>
    /// <param name="frames">Number of frames.</param>
    /// <param name="sampleRate">Sample rate in Hz.</param>
    /// <param name="nFft">FFT length.</param>
    /// <param name="binsPerOctave">Bins per octave (librosa <c>bins_per_octave</c>); default 12.</param>
    /// <param name="resolution">Histogram resolution in bins (librosa <c>resolution</c>); default 0.01.</param>
    public static double Estimate(ReadOnlySpan<float> spectrogram, int frames, int sampleRate, int nFft, int binsPerOctave = 12, double resolution = 0.01)
    {
        int bins = nFft / 2 + 1;
        if (spectrogram.Length < frames * bins) throw new ArgumentException("The spectrogram is smaller than frames × bins.", nameof(spectrogram));
        double fMin = 150.0, fMax = Math.Min(4000.0, sampleRate / 2.0), binHz = (double)sampleRate / nFft;
        var pitches = new List<double>();
        var mags = new List<double>();
        for (int t = 0; t < frames; t++)
        {
            var s = spectrogram.Slice(t * bins, bins);
            float max = 0;
            foreach (var v in s) max = Math.Max(max, Math.Abs(v));
            double reference = 0.1 * max;
            for (int k = 1; k < bins; k++)
            {
                double f = k * binHz;
                if (f < fMin || f >= fMax) continue;
                double x = Gate(s[k], reference), left = Gate(s[k - 1], reference), right = k + 1 < bins ? Gate(s[k + 1], reference) : x;
                if (!(x > left && x >= right)) continue;
                double shift = 0;
                if (k + 1 < bins)
                {
                    double a = s[k + 1] + s[k - 1] - 2.0 * s[k], b = (s[k + 1] - s[k - 1]) / 2.0;
                    shift = Math.Abs(b) >= Math.Abs(a) ? 0 : -b / a;
                }
                double gradient = k + 1 < bins ? 0.5 * (s[k + 1] - s[k - 1]) : s[k] - s[k - 1];
                pitches.Add((k + shift) * sampleRate / nFft);
                mags.Add(s[k] + 0.5 * gradient * shift);
            }
        }
        if (pitches.Count == 0) return 0.0;
        var sorted = mags.ToArray();
        Array.Sort(sorted);
        double threshold = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5 * (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]);
        var selected = new List<double>();
        for (int i = 0; i < pitches.Count; i++)
            if (mags[i] >= threshold && pitches[i] > 0) selected.Add(pitches[i]);
        return PitchTuning(selected, resolution, binsPerOctave);
    }

    /// <summary>librosa <c>pitch_tuning</c>: the histogram mode of the frequencies' deviations from A440's grid.</summary>
    /// <param name="frequencies">Frequencies in Hz (non-positive ones are ignored).</param>
    /// <param name="resolution">Histogram resolution in bins.</param>
    /// <param name="binsPerOctave">Bins per octave.</param>
    public static double PitchTuning(IEnumerable<double> frequencies, double resolution = 0.01, int binsPerOctave = 12)
    {
        int n = (int)Math.Ceiling(1.0 / resolution);
        var edges = new double[n + 1];
        double step = 1.0 / n;
        for (int i = 0; i <= n; i++) edges[i] = i * step - 0.5;
        edges[n] = 0.5;
        var counts = new int[n];
        bool any = false;
        foreach (var f in frequencies)
        {
            if (!(f > 0)) continue;
            any = true;
            double octs = Math.Log2(f / (440.0 / 16));
            double residual = Mod(binsPerOctave * octs, 1.0);
            if (residual >= 0.5) residual -= 1.0;
            // numpy.histogram on uniform edges: scaled index, then corrected against the edges.
            int index = (int)((residual - edges[0]) * (n / (edges[n] - edges[0])));
            if (index == n) index--;
            if (residual < edges[index]) index--;
            else if (index != n - 1 && residual >= edges[index + 1]) index++;
            if (index >= 0 && index < n) counts[index]++;
        }
        if (!any) return 0.0;
        int best = 0;
        for (int i = 1; i < n; i++) if (counts[i] > counts[best]) best = i;
        return edges[best];
    }

    private static double Gate(float value, double reference) => value > reference ? value : 0.0;

    private static double Mod(double x, double m)
    {
        double r = x % m;
        return r < 0 ? r + m : r;
    }
}
