using MusicGenre.Audio;
using MusicGenre.Datasets;
using MusicGenre.Features;

namespace MusicGenre.Cli.Modeling;

/// <summary>
/// Per-track summary features for the classical baseline: MFCC-20 mean and std, mel spectral centroid mean and std,
/// zero-crossing rate mean and std, RMS mean and std, and the mean level of 8 mel band groups (54 values).
/// Not thread-safe (owns extractors): one per thread.
/// </summary>
internal sealed class SummaryFeatures
{
    public const int Length = 54;
    private const int Frame = 2048, Hop = 512, NMels = 128, NMfcc = 20, Groups = 8;
    private readonly LogMelSpectrogram _logMel;
    private readonly Mfcc _mfcc;
    private readonly double[] _bandHz;

    public SummaryFeatures()
    {
        var mel = new MelSpectrogramOptions { NMels = NMels, NFft = Frame, HopLength = Hop };
        _logMel = new LogMelSpectrogram(mel);
        _mfcc = new Mfcc(new MfccOptions { NMfcc = NMfcc, Mel = mel });
        _bandHz = MelScale.MelFrequencies(NMels + 2, 0, 22050 / 2.0)[1..(NMels + 1)];
    }

    /// <summary>What changes the features; part of the cache key.</summary>
    public static string Fingerprint => FeatureCache.Fingerprint("summary", 1, 22050, Frame, Hop, NMels, NMfcc, Groups);

    public float[] Compute(ReadOnlySpan<float> samples)
    {
        var frames = _logMel.FrameCount(samples.Length);
        var db = _logMel.Compute(samples);
        var mfcc = new float[NMfcc * frames];
        _mfcc.FromLogMel(db, frames, mfcc);
        var result = new List<float>(Length);
        for (var k = 0; k < NMfcc; k++) AddMeanStd(result, mfcc.AsSpan(k * frames, frames));

        var centroid = new float[frames];
        for (var t = 0; t < frames; t++)
        {
            double num = 0, den = 1e-12;
            for (var m = 0; m < NMels; m++)
            {
                var p = Math.Pow(10, db[m * frames + t] / 10.0);
                num += p * _bandHz[m];
                den += p;
            }
            centroid[t] = (float)(num / den / 1000.0); // kHz
        }
        AddMeanStd(result, centroid);

        var n = Math.Max(1, 1 + (samples.Length - Frame) / Hop);
        var zcr = new float[n];
        var rms = new float[n];
        for (var f = 0; f < n; f++)
        {
            var frame = samples.Slice(f * Hop, Math.Min(Frame, samples.Length - f * Hop));
            var crossings = 0;
            double energy = 0;
            for (var i = 0; i < frame.Length; i++)
            {
                energy += frame[i] * frame[i];
                if (i > 0 && (frame[i - 1] < 0) != (frame[i] < 0)) crossings++;
            }
            zcr[f] = frame.Length > 1 ? (float)crossings / frame.Length : 0;
            rms[f] = frame.Length > 0 ? (float)Math.Sqrt(energy / frame.Length) : 0;
        }
        AddMeanStd(result, zcr);
        AddMeanStd(result, rms);

        const int perGroup = NMels / Groups;
        for (var g = 0; g < Groups; g++)
        {
            double sum = 0;
            for (var m = g * perGroup; m < (g + 1) * perGroup; m++)
                for (var t = 0; t < frames; t++) sum += db[m * frames + t];
            result.Add((float)(sum / (perGroup * frames) / 10.0));
        }
        return result.ToArray();
    }

    /// <summary>Decodes a file and computes its summary features, through the cache when one is given.</summary>
    public static float[] ForFile(string path, FeatureCache? cache, ThreadLocal<SummaryFeatures> extractors, CancellationToken ct)
    {
        CachedFeatures Compute(string p)
        {
            var clip = AudioFile.Load(p, new AudioLoadOptions(), ct);
            return new CachedFeatures(extractors.Value!.Compute(clip.Samples), 1, Length);
        }
        return (cache is null ? Compute(path) : cache.GetOrCompute(path, Compute)).Values;
    }

    private static void AddMeanStd(List<float> result, ReadOnlySpan<float> values)
    {
        double mean = 0;
        foreach (var v in values) mean += v;
        mean /= Math.Max(1, values.Length);
        double variance = 0;
        foreach (var v in values) variance += (v - mean) * (v - mean);
        result.Add((float)mean);
        result.Add((float)Math.Sqrt(variance / Math.Max(1, values.Length)));
    }
}
