using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MusicGenre.Features;

/// <summary>
/// The mel filter bank of <c>librosa.filters.mel</c>: triangular filters on the FFT bins, computed in double and
/// stored as float32 exactly as librosa does (including its float32 rounding before the Slaney normalisation).
/// Kept sparse: each filter stores only its non-zero range of bins.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class MelFilterBank
{
    private readonly int[] _start;
    private readonly int[] _offset;
    private readonly int[] _length;
    private readonly float[] _weights;
    private readonly double[] _weights64;

    private MelFilterBank(int nMels, int binCount, int[] start, int[] offset, int[] length, float[] weights)
    {
        _weights64 = Array.ConvertAll(weights, w => (double)w);
        NMels = nMels;
        BinCount = binCount;
        _start = start;
        _offset = offset;
        _length = length;
        _weights = weights;
    }

    /// <summary>Number of filters (mel bands).</summary>
    public int NMels { get; }

    /// <summary>Number of FFT bins each filter spans: NFft / 2 + 1.</summary>
    public int BinCount { get; }

    /// <summary>Total number of non-zero weights across all filters.</summary>
    public int NonZeroCount => _weights.Length;

    /// <summary>Builds the filter bank for the given spectrogram options.</summary>
    /// <param name="options">Mel spectrogram options (sample rate, NFft, NMels, FMin, FMax, Htk, SlaneyNorm).</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static MelFilterBank Create(MelSpectrogramOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(nameof(options));
        var dense = CreateDense(options);
        int nMels = options.NMels, bins = options.NFft / 2 + 1;
        var start = new int[nMels];
        var offset = new int[nMels];
        var length = new int[nMels];
        var weights = new List<float>();
        for (int m = 0; m < nMels; m++)
        {
            int first = -1, last = -1;
            for (int k = 0; k < bins; k++)
            {
                if (dense[m * bins + k] == 0f) continue;
                if (first < 0) first = k;
                last = k;
            }
            offset[m] = weights.Count;
            if (first < 0) continue;
            start[m] = first;
            length[m] = last - first + 1;
            for (int k = first; k <= last; k++) weights.Add(dense[m * bins + k]);
        }
        return new MelFilterBank(nMels, bins, start, offset, length, [.. weights]);
    }

    /// <summary>
    /// The dense filter matrix, row-major <c>[NMels, NFft / 2 + 1]</c>, equal to
    /// <c>librosa.filters.mel(sr, n_fft, n_mels, fmin, fmax, htk, norm)</c> (float32).
    /// </summary>
    /// <param name="options">Mel spectrogram options.</param>
    public static float[] CreateDense(MelSpectrogramOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(nameof(options));
        int nMels = options.NMels, nFft = options.NFft, bins = nFft / 2 + 1;
        // np.fft.rfftfreq(n_fft, d=1/sr): k * (1 / (n * d)).
        double d = 1.0 / options.SampleRate;
        double binHz = 1.0 / (nFft * d);
        var melF = MelScale.MelFrequencies(nMels + 2, options.FMin, options.EffectiveFMax, options.Htk);
        var weights = new float[nMels * bins];
        for (int m = 0; m < nMels; m++)
        {
            double lowerDiff = melF[m + 1] - melF[m], upperDiff = melF[m + 2] - melF[m + 1];
            double enorm = options.SlaneyNorm ? 2.0 / (melF[m + 2] - melF[m]) : 1.0;
            for (int k = 0; k < bins; k++)
            {
                double f = k * binHz;
                double lower = -(melF[m] - f) / lowerDiff;
                double upper = (melF[m + 2] - f) / upperDiff;
                // librosa assigns the triangle into a float32 row, then multiplies in place by enorm (float64).
                float triangle = (float)Math.Max(0.0, Math.Min(lower, upper));
                weights[m * bins + k] = options.SlaneyNorm ? (float)(triangle * enorm) : triangle;
            }
        }
        return weights;
    }

    /// <summary>First FFT bin of filter <paramref name="mel"/> with a non-zero weight.</summary>
    /// <param name="mel">Band index.</param>
    public int StartBin(int mel) => _start[mel];

    /// <summary>The non-zero weights of filter <paramref name="mel"/>, from <see cref="StartBin"/> on.</summary>
    /// <param name="mel">Band index.</param>
    public ReadOnlySpan<float> Weights(int mel) => _weights.AsSpan(_offset[mel], _length[mel]);

    /// <summary>Applies the bank to one spectrum: <c>destination[m] = Σ_k W[m,k]·spectrum[k]</c>, accumulated in double.</summary>
    /// <param name="spectrum">NFft / 2 + 1 values (power or magnitude).</param>
    /// <param name="destination">NMels values.</param>
    /// <param name="destinationStride">Distance between consecutive bands in <paramref name="destination"/> (1 for a column, frames for row-major output).</param>
    public void Apply(ReadOnlySpan<double> spectrum, Span<float> destination, int destinationStride = 1)
    {
        if (spectrum.Length < BinCount) throw new ArgumentException($"The spectrum needs {BinCount} bins (got {spectrum.Length}).", nameof(spectrum));
        if (destinationStride <= 0) throw new ArgumentOutOfRangeException(nameof(destinationStride));
        if (NMels > 0 && destination.Length < (long)(NMels - 1) * destinationStride + 1)
            throw new ArgumentException("The destination is too small.", nameof(destination));
        ref double w = ref MemoryMarshal.GetArrayDataReference(_weights64);
        ref double s = ref MemoryMarshal.GetReference(spectrum);
        for (int m = 0; m < NMels; m++)
        {
            nuint offset = (nuint)_offset[m], start = (nuint)_start[m];
            int length = _length[m], k = 0;
            var acc = Vector256<double>.Zero;
            for (; k + 4 <= length; k += 4)
                acc += Vector256.LoadUnsafe(ref w, offset + (nuint)k) * Vector256.LoadUnsafe(ref s, start + (nuint)k);
            double sum = Vector256.Sum(acc);
            for (; k < length; k++) sum += _weights64[(int)offset + k] * spectrum[(int)start + k];
            destination[m * destinationStride] = (float)sum;
        }
    }
}
