namespace MusicGenre.Features;

/// <summary>
/// Per-mel-band standardisation learnt on the training set: <c>(x − mean[band]) / std[band]</c>, with the
/// statistics taken over every frame of every training track. Immutable and thread-safe once built.
/// </summary>
public sealed class FeatureStandardizer
{
    /// <summary>Smallest standard deviation used, so constant bands do not divide by zero.</summary>
    public const float MinimumStd = 1e-3f;

    private readonly float[] mean;
    private readonly float[] inverseStd;

    /// <summary>Creates a standardizer from known statistics.</summary>
    /// <param name="mean">Mean per mel band (dB).</param>
    /// <param name="std">Standard deviation per mel band (dB); values below <see cref="MinimumStd"/> are raised to it.</param>
    public FeatureStandardizer(float[] mean, float[] std)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Length != std.Length || mean.Length == 0)
            throw new ArgumentException($"Mean ({mean.Length}) and std ({std.Length}) need the same, non-zero length.");
        if (mean.Any(v => !float.IsFinite(v)) || std.Any(v => !float.IsFinite(v) || v < 0))
            throw new ArgumentException("Standardisation statistics must be finite, with std ≥ 0.");
        this.mean = (float[])mean.Clone();
        Std = std.Select(s => Math.Max(s, MinimumStd)).ToArray();
        inverseStd = Std.Select(s => 1f / s).ToArray();
    }

    /// <summary>Mel bands.</summary>
    public int NMels => mean.Length;

    /// <summary>Mean per mel band (a copy).</summary>
    public float[] Mean => (float[])mean.Clone();

    /// <summary>Standard deviation per mel band, floored at <see cref="MinimumStd"/>.</summary>
    internal float[] Std { get; }

    /// <summary>Learns the statistics over all frames of <paramref name="tracks"/>.</summary>
    /// <param name="tracks">Row-major <c>[nMels, frames]</c> spectrograms.</param>
    /// <param name="nMels">Mel bands.</param>
    public static FeatureStandardizer Fit(IEnumerable<float[]> tracks, int nMels)
    {
        var sum = new double[nMels];
        var sumSquares = new double[nMels];
        long frames = 0;
        foreach (var track in tracks)
        {
            int n = track.Length / nMels;
            for (int band = 0; band < nMels; band++)
            {
                double s = 0, q = 0;
                foreach (var v in track.AsSpan(band * n, n)) { s += v; q += (double)v * v; }
                sum[band] += s;
                sumSquares[band] += q;
            }
            frames += n;
        }
        if (frames == 0) throw new InvalidOperationException("Cannot learn standardisation statistics from no frames.");
        var mean = new float[nMels];
        var std = new float[nMels];
        for (int band = 0; band < nMels; band++)
        {
            double m = sum[band] / frames;
            mean[band] = (float)m;
            std[band] = (float)Math.Sqrt(Math.Max(0, sumSquares[band] / frames - m * m));
        }
        return new FeatureStandardizer(mean, std);
    }

    /// <summary>Standardises a <c>[NMels, window]</c> window in place.</summary>
    /// <param name="window">The window, band outer.</param>
    /// <param name="frames">Frames per band in <paramref name="window"/>.</param>
    public void Apply(Span<float> window, int frames)
    {
        for (int band = 0; band < mean.Length; band++)
        {
            float m = mean[band], inv = inverseStd[band];
            var row = window.Slice(band * frames, frames);
            for (int i = 0; i < row.Length; i++) row[i] = (row[i] - m) * inv;
        }
    }
}
