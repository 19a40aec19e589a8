namespace MusicGenre.Features;

/// <summary>
/// Fixed-length summary of a clip for classical classifiers: mean and standard deviation over frames of MFCCs
/// (<c>librosa.feature.mfcc</c>), chroma (<c>librosa.feature.chroma_stft</c>, tuning estimated), spectral
/// centroid (<c>librosa.feature.spectral_centroid</c>, Hz) and zero-crossing rate
/// (<c>librosa.feature.zero_crossing_rate</c>). One STFT serves all spectral features.
/// </summary>
/// <remarks>
/// Layout (see <see cref="FeatureNames"/>): MFCC means, MFCC stds, chroma means, chroma stds, centroid mean, centroid
/// std, ZCR mean, ZCR std. Standard deviations are population ones (numpy's default). Not thread-safe (scratch
/// buffers); use one instance per thread.
/// </remarks>
public sealed class SummaryFeatures
{
    private readonly SummaryFeaturesOptions _options;
    private readonly StftPower _stft;
    private readonly MelFilterBank _mel;
    private readonly Mfcc _mfcc;
    private readonly double[] _binHz;
    private readonly double[] _frame;
    private float[] _power = [];
    private float[] _melDb = [];
    private float[] _coefficients = [];
    private float[] _zcr = [];

    /// <summary>Creates the extractor.</summary>
    /// <param name="options">Options; null for the defaults.</param>
    /// <exception cref="ArgumentException">Invalid options; the message lists every problem.</exception>
    public SummaryFeatures(SummaryFeaturesOptions? options = null)
    {
        _options = (options ?? new SummaryFeaturesOptions()).Clone();
        _options.Validate(nameof(options));
        var mel = _options.MelOptions();
        _stft = new StftPower(mel.NFft, mel.HopLength, mel.NFft, center: true);
        _mel = MelFilterBank.Create(mel);
        _mfcc = new Mfcc(new MfccOptions { NMfcc = SummaryFeaturesOptions.NMfcc, Mel = mel });
        _binHz = new double[_stft.BinCount];
        for (int k = 0; k < _binHz.Length; k++) _binHz[k] = k * (double)_options.SampleRate / _options.NFft;
        _frame = new double[_stft.BinCount];
    }

    /// <summary>Length of the feature vector.</summary>
    public int FeatureCount => SummaryFeaturesOptions.FeatureCount;

    /// <summary>The name of every feature, in vector order (e.g. <c>mfcc3_mean</c>, <c>chroma_C#_std</c>).</summary>
    public IReadOnlyList<string> FeatureNames
    {
        get
        {
            var names = new List<string>();
            string[] pitch = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"];
                        foreach (var stat in new[] { "mean", "std" })
                for (int k = 0; k < SummaryFeaturesOptions.NMfcc; k++) names.Add($"mfcc{k}_{stat}");
            foreach (var stat in new[] { "mean", "std" })
                for (int c = 0; c < SummaryFeaturesOptions.NChroma; c++) names.Add($"chroma_{pitch[c]}_{stat}");
            names.AddRange(["centroid_mean", "centroid_std", "zcr_mean", "zcr_std"]);
            return names;
        }
    }

    /// <summary>Computes the summary vector.</summary>
    /// <param name="samples">Mono samples at the options' sample rate.</param>
    /// <exception cref="ArgumentException">Empty or non-finite signal (the message names the index).</exception>
    public float[] Compute(ReadOnlySpan<float> samples)
    {
        var result = new float[FeatureCount];
        Compute(samples, result);
        return result;
    }

    /// <summary>Computes the summary vector into a caller buffer.</summary>
    /// <param name="samples">Mono samples.</param>
    /// <param name="destination">At least <see cref="FeatureCount"/> values.</param>
    public void Compute(ReadOnlySpan<float> samples, Span<float> destination)
    {
        if (samples.IsEmpty) throw new ArgumentException("The signal is empty.", nameof(samples));
        int bad = SignalChecks.IndexOfNonFinite(samples);
        if (bad >= 0) throw new ArgumentException($"The signal holds a non-finite value ({samples[bad]}) at index {bad}.", nameof(samples));
        if (destination.Length < FeatureCount) throw new ArgumentException($"The destination needs {FeatureCount} values.", nameof(destination));
        int frames = _stft.FrameCount(samples.Length), bins = _stft.BinCount, nMels = _options.NMels;
        Ensure(ref _power, frames * bins);
        Ensure(ref _melDb, nMels * frames);
        Ensure(ref _coefficients, SummaryFeaturesOptions.NMfcc * frames);
        Ensure(ref _zcr, frames);
        var power = _power.AsSpan(0, frames * bins);
        var melDb = _melDb.AsSpan(0, nMels * frames);
        var centroid = new double[frames];
        for (int t = 0; t < frames; t++)
        {
            _stft.Frame(samples, t, _frame);
            _mel.Apply(_frame, melDb[t..], frames);
            double total = 0, weighted = 0;
            for (int k = 0; k < bins; k++)
            {
                power[t * bins + k] = (float)_frame[k];
                double magnitude = Math.Sqrt(_frame[k]);
                total += magnitude;
                weighted += magnitude * _binHz[k];
            }
            centroid[t] = total > 0 ? weighted / total : 0.0;
        }
        PowerToDb.InPlace(melDb, 1f);
        _mfcc.FromLogMel(melDb, frames, _coefficients);

        int o = 0;
        o = MeanStdRows(_coefficients.AsSpan(0, SummaryFeaturesOptions.NMfcc * frames), SummaryFeaturesOptions.NMfcc, frames, destination, o);
        var chroma = Chroma(power, frames, bins);
        o = MeanStdRows(chroma, SummaryFeaturesOptions.NChroma, frames, destination, o);
        (destination[o], destination[o + 1]) = MeanStd(centroid);
        ZeroCrossingRate.Compute(samples, _zcr, _options.NFft, _options.HopLength);
        var zcr = Array.ConvertAll(_zcr[..frames], v => (double)v);
        (destination[o + 2], destination[o + 3]) = MeanStd(zcr);
    }

    private float[] Chroma(ReadOnlySpan<float> power, int frames, int bins)
    {
        int nChroma = SummaryFeaturesOptions.NChroma;
        double tuning = _options.EstimateTuning ? TuningEstimator.Estimate(power, frames, _options.SampleRate, _options.NFft, nChroma) : 0.0;
        var bank = ChromaFilterBank.Create(_options.SampleRate, _options.NFft, tuning, nChroma);
        var chroma = new float[nChroma * frames];
        var column = new double[nChroma];
        for (int t = 0; t < frames; t++)
        {
            var s = power.Slice(t * bins, bins);
            double max = 0;
            for (int c = 0; c < nChroma; c++)
            {
                double sum = 0;
                for (int k = 0; k < bins; k++) sum += bank[c * bins + k] * s[k];
                column[c] = sum;
                max = Math.Max(max, Math.Abs(sum));
            }
            // util.normalize(norm=inf): divide by the column's max, leaving silent columns at zero.
            double scale = max < 1.1754943508222875e-38 ? 1.0 : max;
            for (int c = 0; c < nChroma; c++) chroma[c * frames + t] = (float)(column[c] / scale);
        }
        return chroma;
    }

    private static int MeanStdRows(ReadOnlySpan<float> rows, int count, int frames, Span<float> destination, int offset)
    {
        var values = new double[frames];
        for (int r = 0; r < count; r++)
        {
            for (int t = 0; t < frames; t++) values[t] = rows[r * frames + t];
            (destination[offset + r], destination[offset + count + r]) = MeanStd(values);
        }
        return offset + 2 * count;
    }

    private static (float Mean, float Std) MeanStd(ReadOnlySpan<double> values)
    {
        double mean = 0;
        foreach (var v in values) mean += v;
        mean /= values.Length;
        double variance = 0;
        foreach (var v in values) variance += (v - mean) * (v - mean);
        return ((float)mean, (float)Math.Sqrt(variance / values.Length));
    }

    private static void Ensure(ref float[] buffer, int length)
    {
        if (buffer.Length < length) buffer = new float[length];
    }
}
