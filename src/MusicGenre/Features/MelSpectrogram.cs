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
    private readonly StftPower _stft;
    private readonly double[] _spectrum;

    /// <summary>Creates the extractor; options are validated all at once.</summary>
    /// <param name="options">Options; null for librosa's defaults. The options are copied.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public MelSpectrogram(MelSpectrogramOptions? options = null)
    {
        _options = (options ?? new MelSpectrogramOptions()).Clone();
        _options.Validate(nameof(options));
        int nFft = _options.NFft;
        _stft = new StftPower(nFft, _options.HopLength, _options.EffectiveWinLength, _options.Center);
        FilterBank = MelFilterBank.Create(_options);
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
        return _stft.FrameCount(sampleCount);
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
        int bins = _stft.BinCount;
        var spectrum = _spectrum;
        bool isPower2 = _options.Power == 2f, isPower1 = _options.Power == 1f;
        double exponent = _options.Power / 2.0;
        for (int t = 0; t < frames; t++)
        {
            _stft.Frame(samples, t, spectrum);
            if (!isPower2)
                for (int k = 0; k < bins; k++) spectrum[k] = isPower1 ? Math.Sqrt(spectrum[k]) : Math.Pow(spectrum[k], exponent);
            FilterBank.Apply(spectrum, destination[t..], frames);
        }
    }
}
