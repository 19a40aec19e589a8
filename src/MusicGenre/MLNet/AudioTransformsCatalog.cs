using Microsoft.ML;
using MusicGenre.Audio;
using MusicGenre.Features;

namespace MusicGenre.MLNet;

/// <summary>
/// MusicGenre's transforms on <c>mlContext.Transforms</c>: <c>LoadAudio</c> (path → samples) and
/// <c>MelSpectrogram</c> (samples → librosa-exact log-mel) and <c>SummaryFeatures</c> (samples → classical features).
/// Models that contain them are saved with <c>mlContext.Model.SaveGenreModel</c> and loaded with <c>LoadGenreModel</c>.
/// </summary>
/// <example>
/// <code>
/// var pipeline = mlContext.Transforms.LoadAudio("Samples", "Path")
///     .Append(mlContext.Transforms.MelSpectrogram("Features", "Samples", nMels: 64, fixedDuration: 30))
///     .Append(mlContext.Transforms.Conversion.MapValueToKey("Label"));
/// </code>
/// </example>
public static class AudioTransformsCatalog
{
    /// <summary>Decodes the audio file named in <paramref name="inputColumnName"/> into a samples vector.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Samples column (variable-size vector of Single).</param>
    /// <param name="inputColumnName">Path column (text); null means <paramref name="outputColumnName"/>.</param>
    /// <param name="options">Decoder options (target rate, mono, offset, duration); null for librosa's defaults (22,050 Hz mono).</param>
    /// <param name="skipBadFiles">False (default): a bad file fails with an error naming it. True: its row gets an empty samples vector and the reason in <paramref name="errorColumnName"/>.</param>
    /// <param name="errorColumnName">Optional text column receiving, per row, empty or why the file was skipped.</param>
    public static LoadAudioEstimator LoadAudio(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null,
        AudioLoadOptions? options = null, bool skipBadFiles = false, string? errorColumnName = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new LoadAudioEstimator(outputColumnName, inputColumnName, options, skipBadFiles, errorColumnName);
    }

    /// <summary>
    /// Computes the mel spectrogram of a samples column, in dB by default (the genre networks' input), row-major
    /// <c>[NMels, frames]</c>.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Spectrogram column.</param>
    /// <param name="inputColumnName">Samples column (vector of Single); null means <paramref name="outputColumnName"/>.</param>
    /// <param name="nMels">Number of mel bands (librosa <c>n_mels</c>); default 128.</param>
    /// <param name="sampleRate">Sample rate of the samples, in Hz (librosa <c>sr</c>); default 22,050.</param>
    /// <param name="toDb">Convert to dB (<c>power_to_db</c>, ref 1, top_db 80); default true.</param>
    /// <param name="fixedDuration">Crop or zero-pad every signal to this many seconds so rows have a fixed shape; default null.</param>
    public static MelSpectrogramEstimator MelSpectrogram(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null,
        int nMels = MelSpectrogramOptions.Defaults.NMels, int sampleRate = MelSpectrogramOptions.Defaults.SampleRate,
        bool toDb = MelSpectrogramTransformOptions.Defaults.ToDb, double? fixedDuration = null)
        => MelSpectrogram(catalog, outputColumnName, inputColumnName, new MelSpectrogramTransformOptions
        {
            Mel = new MelSpectrogramOptions { NMels = nMels, SampleRate = sampleRate },
            ToDb = toDb,
            FixedDuration = fixedDuration,
        });

    /// <summary>Computes the mel spectrogram of a samples column with full options.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Spectrogram column.</param>
    /// <param name="inputColumnName">Samples column (vector of Single); null means <paramref name="outputColumnName"/>.</param>
    /// <param name="options">Spectrogram, dB and duration options; null for the defaults.</param>
    public static MelSpectrogramEstimator MelSpectrogram(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName,
        MelSpectrogramTransformOptions? options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new MelSpectrogramEstimator(outputColumnName, inputColumnName, options);
    }

    /// <summary>
    /// Summarises a samples column into a fixed-length vector (MFCC, chroma, spectral centroid and zero-crossing
    /// rate; mean and std over frames) for ML.NET's built-in trainers.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Feature column (vector of 68 Single, with slot names).</param>
    /// <param name="inputColumnName">Samples column (vector of Single); null means <paramref name="outputColumnName"/>.</param>
    /// <param name="options">Options; null for the defaults (22,050 Hz, NFft 2048, hop 512, 20 MFCCs, 12 chroma).</param>
    public static SummaryFeaturesEstimator SummaryFeatures(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null,
        SummaryFeaturesOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new SummaryFeaturesEstimator(outputColumnName, inputColumnName, options);
    }
}
