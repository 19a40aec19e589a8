using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MusicGenre.Features;

/// <summary>
/// Mel power spectrogram that matches <c>librosa.feature.melspectrogram</c> (librosa 0.11): centred frames with zero
/// padding, periodic Hann window, |STFT|^power, Slaney mel filter bank. Output layout: <c>[NMels, frames]</c>,
/// row-major (mel band outer), float32.
/// </summary>
/// <remarks>
/// The STFT is computed in double precision (numpy's FFT is double too); filters are librosa's float32 values.
/// An instance holds scratch buffers and is not thread-safe: use one per thread. After construction,
/// <see cref="Compute(ReadOnlySpan{float}, Span{float})"/> allocates nothing.
/// </remarks>
public sealed class MelSpectrogram
{
    private readonly MelSpectrogramOptions _options;
    private readonly RealFft _fft;
    private readonly double[] _window;
    private readonly double[] _frame;
    private readonly double[] _binRe;
    private readonly double[] _binIm;
    private readonly double[] _spectrum;

    /// <summary>Creates the extractor; options are validated all at once.</summary>
    /// <param name="options">Options; null for librosa's defaults. The options are copied.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public MelSpectrogram(MelSpectrogramOptions? options = null)
    {
        _options = (options ?? new MelSpectrogramOptions()).Clone();
        _options.Validate(nameof(options));
        int nFft = _options.NFft;
        _fft = new RealFft(nFft);
        _window = Window.PeriodicHann(_options.EffectiveWinLength, nFft);
        FilterBank = MelFilterBank.Create(_options);
        _frame = new double[nFft];
        _binRe = new double[nFft / 2 + 1];
        _binIm = new double[nFft / 2 + 1];
        _spectrum = new double[nFft / 2 + 1];
    }

    /// <summary>A copy of the options in use.</summary>
    public MelSpectrogramOptions Options => _options.Clone();

    /// <summary>Number of mel bands (rows of the output).</summary>
    public int NMels => _options.NMels;

    /// <summary>The mel filter bank in use.</summary>
    public MelFilterBank FilterBank { get; }

    /// <summary>Number of frames librosa produces for a signal of <paramref name="sampleCount"/> samples.</summary>
    /// <param name="sampleCount">Number of input samples.</param>
    /// <returns>1 + sampleCount / hop when centred; 1 + (sampleCount − NFft) / hop otherwise (0 when too short).</returns>
    public int FrameCount(int sampleCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sampleCount);
        if (_options.Center) return 1 + sampleCount / _options.HopLength;
        return sampleCount < _options.NFft ? 0 : 1 + (sampleCount - _options.NFft) / _options.HopLength;
    }

    /// <summary>Number of output values for <paramref name="sampleCount"/> samples: NMels × FrameCount.</summary>
    /// <param name="sampleCount">Number of input samples.</param>
    public int OutputLength(int sampleCount) => checked(NMels * FrameCount(sampleCount));

    /// <summary>Computes the mel spectrogram of a mono signal.</summary>
    /// <param name="samples">Mono samples at <see cref="MelSpectrogramOptions.SampleRate"/>; at least one (NFft when not centred).</param>
    /// <returns>Row-major <c>[NMels, FrameCount(samples.Length)]</c>.</returns>
    /// <exception cref="ArgumentException">The signal is empty, too short, or holds NaN or infinity (the message names the index).</exception>
    public float[] Compute(ReadOnlySpan<float> samples)
    {
        ValidateSignal(samples);
        var result = new float[OutputLength(samples.Length)];
        ComputeCore(samples, result);
        return result;
    }

    /// <summary>Computes the mel spectrogram into a caller buffer; allocates nothing.</summary>
    /// <param name="samples">Mono samples; at least one (NFft when not centred).</param>
    /// <param name="destination">At least <see cref="OutputLength"/> values; receives row-major <c>[NMels, frames]</c>.</param>
    /// <exception cref="ArgumentException">Bad signal (see <see cref="Compute(ReadOnlySpan{float})"/>) or destination too small.</exception>
    public void Compute(ReadOnlySpan<float> samples, Span<float> destination)
    {
        ValidateSignal(samples);
        int length = OutputLength(samples.Length);
        if (destination.Length < length)
            throw new ArgumentException($"The destination holds {destination.Length} values; {NMels} mels × {FrameCount(samples.Length)} frames need {length}.", nameof(destination));
        ComputeCore(samples, destination[..length]);
    }

    /// <summary>Throws when a signal cannot be transformed: empty, shorter than NFft without centring, NaN or infinity.</summary>
    /// <param name="samples">The signal.</param>
    /// <exception cref="ArgumentException">The message names the problem and, for non-finite values, the first index.</exception>
    public void ValidateSignal(ReadOnlySpan<float> samples)
    {
        if (samples.IsEmpty) throw new ArgumentException("The signal is empty; a mel spectrogram needs at least one sample.", nameof(samples));
        if (!_options.Center && samples.Length < _options.NFft)
            throw new ArgumentException($"The signal has {samples.Length} samples; without centring it needs at least NFft = {_options.NFft}.", nameof(samples));
        int bad = SignalChecks.IndexOfNonFinite(samples);
        if (bad >= 0)
            throw new ArgumentException($"The signal holds a non-finite value ({samples[bad]}) at index {bad}.", nameof(samples));
    }

    private void ComputeCore(ReadOnlySpan<float> samples, Span<float> destination)
    {
        int frames = FrameCount(samples.Length);
        int nFft = _options.NFft, hop = _options.HopLength, bins = nFft / 2 + 1;
        int padding = _options.Center ? nFft / 2 : 0;
        var frame = _frame;
        var window = _window;
        var spectrum = _spectrum;
        bool isPower2 = _options.Power == 2f, isPower1 = _options.Power == 1f;
        double power = _options.Power;
        for (int t = 0; t < frames; t++)
        {
            int begin = t * hop - padding;
            if (begin >= 0 && begin + nFft <= samples.Length)
            {
                WindowFrame(samples.Slice(begin, nFft), window, frame);
            }
            else
            {
                for (int n = 0; n < nFft; n++)
                {
                    int i = begin + n;
                    frame[n] = i >= 0 && i < samples.Length ? window[n] * samples[i] : 0.0;
                }
            }
            _fft.Forward(frame, _binRe, _binIm);
            var re = _binRe;
            var im = _binIm;
            if (isPower2)
                for (int k = 0; k < bins; k++) spectrum[k] = re[k] * re[k] + im[k] * im[k];
            else if (isPower1)
                for (int k = 0; k < bins; k++) spectrum[k] = Math.Sqrt(re[k] * re[k] + im[k] * im[k]);
            else
                for (int k = 0; k < bins; k++) spectrum[k] = Math.Pow(Math.Sqrt(re[k] * re[k] + im[k] * im[k]), power);
            FilterBank.Apply(spectrum, destination[t..], frames);
        }
    }

    private static void WindowFrame(ReadOnlySpan<float> source, double[] window, double[] frame)
    {
        int n = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref float src = ref MemoryMarshal.GetReference(source);
            ref double w = ref MemoryMarshal.GetArrayDataReference(window);
            ref double dst = ref MemoryMarshal.GetArrayDataReference(frame);
            for (; n <= source.Length - 8; n += 8)
            {
                var (lo, hi) = Vector256.Widen(Vector256.LoadUnsafe(ref src, (nuint)n));
                (lo * Vector256.LoadUnsafe(ref w, (nuint)n)).StoreUnsafe(ref dst, (nuint)n);
                (hi * Vector256.LoadUnsafe(ref w, (nuint)(n + 4))).StoreUnsafe(ref dst, (nuint)(n + 4));
            }
        }
        for (; n < source.Length; n++) frame[n] = window[n] * source[n];
    }
}
