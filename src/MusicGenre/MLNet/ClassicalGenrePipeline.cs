using Microsoft.ML;
using MusicGenre.Audio;
using MusicGenre.Features;

namespace MusicGenre.MLNet;

/// <summary>
/// "classical": the classical genre baseline as one ML.NET chain ready to fit, from the audio path to the genre:
/// <c>LoadAudio → SummaryFeatures</c> (MFCC, chroma, spectral centroid and zero-crossing rate; mean and std) <c>→
/// MapValueToKey → NormalizeMeanVariance → SdcaMaximumEntropy</c> (or a trainer you give, such as LightGBM)
/// <c>→ MapKeyToValue</c>. Saved, loaded and predicted like every other model (<c>SaveGenreModel</c>,
/// <c>GenrePredictor</c>).
/// </summary>
/// <remarks>
/// LightGBM is not a dependency of the MusicGenre package (its native library would ship with every application):
/// reference <c>Microsoft.ML.LightGbm</c> and pass
/// <c>mlContext.MulticlassClassification.Trainers.LightGbm(labelColumnName, ClassicalGenrePipeline.NormalizedFeaturesColumn)</c>
/// as the trainer. An application that loads such a model needs that package too (the error says so).
/// </remarks>
/// <example><code>
/// var model = ClassicalGenrePipeline.Create(mlContext).Fit(tracks);   // rows with string Path, string Label
/// mlContext.Model.SaveGenreModel(model, tracks.Schema, "classical.mgmodel");
/// </code></example>
public static class ClassicalGenrePipeline
{
    /// <summary>Name of the summary feature column the chain adds.</summary>
    public const string FeaturesColumn = "SummaryFeatures";

    /// <summary>Name of the standardised feature column the trainer reads.</summary>
    public const string NormalizedFeaturesColumn = "NormalizedSummaryFeatures";

    /// <summary>The decoded samples column (dropped after the features are computed).</summary>
    private const string SamplesColumn = "ClassicalSamples";

    /// <summary>
    /// Builds the whole chain. Its output has ML.NET's multiclass columns (<c>Score</c> with the genres as slot names,
    /// <c>PredictedLabel</c> as a key) plus <paramref name="predictedLabelColumnName"/> with the genre name.
    /// </summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="pathColumnName">The audio path column (text).</param>
    /// <param name="labelColumnName">The genre-name column (text).</param>
    /// <param name="trainer">A multiclass trainer reading <paramref name="labelColumnName"/> (a key) and <see cref="NormalizedFeaturesColumn"/>;
    /// null for <c>SdcaMaximumEntropy</c> with at most 100 passes.</param>
    /// <param name="features">Summary feature options; null for the defaults (22,050 Hz, n_fft 2048, hop 512).</param>
    /// <param name="predictedLabelColumnName">Column that receives the predicted genre name.</param>
    public static IEstimator<ITransformer> Create(MLContext mlContext, string pathColumnName = "Path", string labelColumnName = "Label",
        IEstimator<ITransformer>? trainer = null, SummaryFeaturesOptions? features = null, string predictedLabelColumnName = "PredictedGenre")
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        var options = (features ?? new SummaryFeaturesOptions()).Clone();
        return mlContext.Transforms.LoadAudio(SamplesColumn, pathColumnName, new AudioLoadOptions { SampleRate = options.SampleRate })
            .Append(mlContext.Transforms.SummaryFeatures(FeaturesColumn, SamplesColumn, options))
            .Append(mlContext.Transforms.DropColumns(SamplesColumn))
            .Append(CreateHead(mlContext, FeaturesColumn, labelColumnName, trainer, predictedLabelColumnName));
    }

    /// <summary>
    /// The classifier alone, for summary features you computed already: <c>MapValueToKey → NormalizeMeanVariance →
    /// trainer → MapKeyToValue</c>.
    /// </summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="featuresColumnName">Column of summary features (vector of 68 Single).</param>
    /// <param name="labelColumnName">The genre-name column (text).</param>
    /// <param name="trainer">As in <see cref="Create"/>; null for SdcaMaximumEntropy.</param>
    /// <param name="predictedLabelColumnName">Column that receives the predicted genre name.</param>
    /// <param name="keyData">Optional genre names in the key order to use (one text column named as the label); null orders them by first appearance.</param>
    public static IEstimator<ITransformer> CreateHead(MLContext mlContext, string featuresColumnName, string labelColumnName = "Label",
        IEstimator<ITransformer>? trainer = null, string predictedLabelColumnName = "PredictedGenre", IDataView? keyData = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        // A fixed pass cap: on tiny, separable sets SDCA's automatic stopping can take tens of seconds.
        trainer ??= mlContext.MulticlassClassification.Trainers.SdcaMaximumEntropy(labelColumnName, NormalizedFeaturesColumn, maximumNumberOfIterations: 100);
        return mlContext.Transforms.Conversion.MapValueToKey(labelColumnName, keyData: keyData)
            .Append(mlContext.Transforms.NormalizeMeanVariance(NormalizedFeaturesColumn, featuresColumnName))
            .Append(trainer)
            .Append(mlContext.Transforms.Conversion.MapKeyToValue(predictedLabelColumnName, "PredictedLabel"));
    }
}
