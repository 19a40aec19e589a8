namespace MusicGenre.Features;

/// <summary>
/// Log-mel spectrogram: <see cref="MelSpectrogram"/> followed by <see cref="PowerToDb"/>, i.e.
/// <c>librosa.power_to_db(librosa.feature.melspectrogram(y, ...))</c>. Output layout <c>[NMels, frames]</c>, row-major,
/// in dB. This is the input the genre networks consume.
/// </summary>
/// <remarks>Not thread-safe (it owns a <see cref="MelSpectrogram"/>); use one per thread. The span overload allocates nothing.</remarks>
public sealed class LogMelSpectrogram
{
    private readonly PowerToDbOptions _db;

    /// <summary>Creates the extractor; all options are validated at once.</summary>
    /// <param name="options">Mel options; null for librosa's defaults (128 mels).</param>
    /// <param name="dbOptions">dB conversion; null for librosa's defaults (ref 1.0, amin 1e-10, top_db 80).</param>
    /// <exception cref="ArgumentException">Invalid options; the message lists every problem.</exception>
    public LogMelSpectrogram(MelSpectrogramOptions? options = null, PowerToDbOptions? dbOptions = null)
    {
        _db = (dbOptions ?? new PowerToDbOptions()).Clone();
        _db.Validate(nameof(dbOptions));
        Mel = new MelSpectrogram(options);
    }

    /// <summary>The underlying mel spectrogram.</summary>
    public MelSpectrogram Mel { get; }

    /// <summary>A copy of the dB options in use.</summary>
    public PowerToDbOptions DbOptions => _db.Clone();

    /// <summary>Number of mel bands.</summary>
    public int NMels => Mel.NMels;

    /// <summary>Number of frames for <paramref name="sampleCount"/> samples (see <see cref="MelSpectrogram.FrameCount"/>).</summary>
    /// <param name="sampleCount">Number of input samples.</param>
    public int FrameCount(int sampleCount) => Mel.FrameCount(sampleCount);

    /// <summary>Number of output values: NMels × FrameCount.</summary>
    /// <param name="sampleCount">Number of input samples.</param>
    public int OutputLength(int sampleCount) => Mel.OutputLength(sampleCount);

    /// <summary>Computes the log-mel spectrogram, row-major <c>[NMels, frames]</c> in dB.</summary>
    /// <param name="samples">Mono samples (see <see cref="MelSpectrogram.Compute(ReadOnlySpan{float})"/>).</param>
    /// <exception cref="ArgumentException">Empty or non-finite signal (the message names the index).</exception>
    public float[] Compute(ReadOnlySpan<float> samples)
    {
        var result = Mel.Compute(samples);
        ToDb(result);
        return result;
    }

    /// <summary>Computes the log-mel spectrogram into a caller buffer; allocates nothing.</summary>
    /// <param name="samples">Mono samples.</param>
    /// <param name="destination">At least <see cref="OutputLength"/> values.</param>
    public void Compute(ReadOnlySpan<float> samples, Span<float> destination)
    {
        Mel.Compute(samples, destination);
        ToDb(destination[..OutputLength(samples.Length)]);
    }

    // Options were validated in the constructor; this overload allocates nothing.
    private void ToDb(Span<float> values) => PowerToDb.InPlace(values, _db.RefIsMax ? null : _db.Ref, _db.AMin, _db.TopDb);
}
