using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MusicGenre.Features;

/// <summary>
/// Mel-frequency cepstral coefficients as <c>librosa.feature.mfcc</c> (defaults: 128-band log-mel in dB, then a
/// type-II orthonormal DCT along the mel axis, the first 20 coefficients kept, no liftering). Output layout
/// <c>[NMfcc, frames]</c>, row-major.
/// </summary>
/// <remarks>Not thread-safe (scratch buffers); use one per thread. The span overload allocates nothing once warm (same or shorter input).</remarks>
public sealed class Mfcc
{
    private readonly MfccOptions _options;
    private readonly LogMelSpectrogram _logMel;
    private readonly double[] _dct;
    private float[] _scratch = [];
    private double[] _accumulator = [];

    /// <summary>Creates the extractor; all options are validated at once.</summary>
    /// <param name="options">Options; null for librosa's defaults.</param>
    /// <exception cref="ArgumentException">Invalid options; the message lists every problem.</exception>
    public Mfcc(MfccOptions? options = null)
    {
        _options = (options ?? new MfccOptions()).Clone();
        _options.Validate(nameof(options));
        _logMel = new LogMelSpectrogram(_options.Mel, _options.Db);
        _dct = DctMatrix(_options.NMfcc, _options.Mel.NMels);
    }

    /// <summary>Number of coefficients per frame.</summary>
    public int NMfcc => _options.NMfcc;

    /// <summary>Number of frames for <paramref name="sampleCount"/> samples.</summary>
    /// <param name="sampleCount">Number of input samples.</param>
    public int FrameCount(int sampleCount) => _logMel.FrameCount(sampleCount);

    /// <summary>
    /// The orthonormal DCT-II matrix, row-major <c>[count, n]</c>:
    /// <c>D[k, m] = s_k · cos(π k (2m + 1) / 2n)</c>, <c>s_0 = √(1/n)</c>, <c>s_k = √(2/n)</c>.
    /// </summary>
    /// <param name="count">Number of coefficients (rows).</param>
    /// <param name="n">Input length (columns).</param>
    public static double[] DctMatrix(int count, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        var d = new double[count * n];
        for (int k = 0; k < count; k++)
        {
            double scale = Math.Sqrt((k == 0 ? 1.0 : 2.0) / n);
            for (int m = 0; m < n; m++) d[k * n + m] = scale * Math.Cos(Math.PI * k * (2 * m + 1) / (2.0 * n));
        }
        return d;
    }

    /// <summary>Computes the coefficients, row-major <c>[NMfcc, frames]</c>.</summary>
    /// <param name="samples">Mono samples.</param>
    /// <exception cref="ArgumentException">Empty or non-finite signal.</exception>
    public float[] Compute(ReadOnlySpan<float> samples)
    {
        var result = new float[NMfcc * FrameCount(samples.Length)];
        Compute(samples, result);
        return result;
    }

    /// <summary>Computes the coefficients into a caller buffer (row-major <c>[NMfcc, frames]</c>).</summary>
    /// <param name="samples">Mono samples.</param>
    /// <param name="destination">At least NMfcc × FrameCount values.</param>
    public void Compute(ReadOnlySpan<float> samples, Span<float> destination)
    {
        int frames = FrameCount(samples.Length), nMfcc = NMfcc;
        if (destination.Length < nMfcc * frames)
            throw new ArgumentException($"The destination holds {destination.Length} values; {nMfcc} × {frames} are needed.", nameof(destination));
        int melLength = _logMel.OutputLength(samples.Length);
        if (_scratch.Length < melLength) _scratch = new float[melLength];
        var db = _scratch.AsSpan(0, melLength);
        _logMel.Compute(samples, db);
        FromLogMel(db, frames, destination);
    }

    /// <summary>Applies the DCT to an existing log-mel spectrogram (row-major <c>[NMels, frames]</c>, dB).</summary>
    /// <param name="logMel">The log-mel spectrogram.</param>
    /// <param name="frames">Number of frames (columns).</param>
    /// <param name="destination">At least NMfcc × frames values; receives row-major <c>[NMfcc, frames]</c>.</param>
    public void FromLogMel(ReadOnlySpan<float> logMel, int frames, Span<float> destination)
    {
        int nMels = _options.Mel.NMels, nMfcc = NMfcc;
        if (logMel.Length < nMels * frames) throw new ArgumentException($"Expected {nMels} × {frames} log-mel values.", nameof(logMel));
        if (destination.Length < nMfcc * frames) throw new ArgumentException($"The destination needs {nMfcc} × {frames} values.", nameof(destination));
        // out[k, :] = Σ_m D[k, m] · logMel[m, :], accumulated in double along contiguous frame rows (SIMD).
        var accumulator = _accumulator.Length >= frames ? _accumulator : (_accumulator = new double[frames]);
        for (int k = 0; k < nMfcc; k++)
        {
            var acc = accumulator.AsSpan(0, frames);
            acc.Clear();
            for (int m = 0; m < nMels; m++)
                MultiplyAdd(_dct[k * nMels + m], logMel.Slice(m * frames, frames), acc);
            var row = destination.Slice(k * frames, frames);
            for (int t = 0; t < frames; t++) row[t] = (float)acc[t];
        }
    }

    private static void MultiplyAdd(double weight, ReadOnlySpan<float> source, Span<double> accumulator)
    {
        int t = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref float src = ref MemoryMarshal.GetReference(source);
            ref double acc = ref MemoryMarshal.GetReference(accumulator);
            var w = Vector256.Create(weight);
            for (; t <= source.Length - 8; t += 8)
            {
                var (lo, hi) = Vector256.Widen(Vector256.LoadUnsafe(ref src, (nuint)t));
                (Vector256.LoadUnsafe(ref acc, (nuint)t) + w * lo).StoreUnsafe(ref acc, (nuint)t);
                (Vector256.LoadUnsafe(ref acc, (nuint)(t + 4)) + w * hi).StoreUnsafe(ref acc, (nuint)(t + 4));
            }
        }
        for (; t < source.Length; t++) accumulator[t] += weight * source[t];
    }
}
