using Microsoft.ML;
using MusicGenre.Models.Musicnn;

namespace MusicGenre.MLNet;

/// <summary>
/// "musicnn-linear": the transfer-learning genre classifier, musicnn embeddings (frozen, pretrained) followed by a
/// linear multiclass model, as one ML.NET chain ready to fit.
/// </summary>
public static class MusicnnLinearPipeline
{
    /// <summary>Name of the embedding column the chain adds.</summary>
    public const string FeaturesColumn = "MusicnnFeatures";

    /// <summary>
    /// Builds <c>MusicnnEmbedding → cache → MapValueToKey(label) → NormalizeMeanVariance → LbfgsMaximumEntropy →
    /// MapKeyToValue(predicted label)</c>. The output has ML.NET's multiclass columns (<c>Score</c>,
    /// <c>PredictedLabel</c> as a key) plus <paramref name="predictedLabelColumnName"/> with the genre name.
    /// </summary>
    /// <param name="mlContext">The ML.NET context (its seed makes training deterministic).</param>
    /// <param name="samplesColumnName">Column of mono samples at 16 kHz (for example from <c>LoadAudio</c> with <c>SampleRate = 16000</c>).</param>
    /// <param name="labelColumnName">Column of genre names (text).</param>
    /// <param name="options">Embedding options (pooling, patches, weights); null for the defaults (mean pooling, weights downloaded once).</param>
    /// <param name="predictedLabelColumnName">Column that receives the predicted genre name.</param>
    /// <returns>An estimator; save its fitted model (behind a <c>LoadAudio</c> at 16 kHz) with <c>mlContext.Model.SaveGenreModel</c>.</returns>
    public static IEstimator<ITransformer> Create(MLContext mlContext, string samplesColumnName = "Samples", string labelColumnName = "Label",
        MusicnnEmbeddingOptions? options = null, string predictedLabelColumnName = "PredictedGenre")
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        return mlContext.Transforms.MusicnnEmbedding(FeaturesColumn, samplesColumnName, options ?? new MusicnnEmbeddingOptions())
            .AppendCacheCheckpoint(mlContext)
            .Append(CreateHead(mlContext, FeaturesColumn, labelColumnName, predictedLabelColumnName));
    }

    /// <summary>
    /// The linear head alone, for embeddings you computed already (<see cref="MusicnnEmbedder"/>): <c>MapValueToKey →
    /// NormalizeMeanVariance → LbfgsMaximumEntropy → MapKeyToValue</c>.
    /// </summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="featuresColumnName">Column of embeddings (vector of float, known size).</param>
    /// <param name="labelColumnName">Column of genre names (text).</param>
    /// <param name="predictedLabelColumnName">Column that receives the predicted genre name.</param>
    public static IEstimator<ITransformer> CreateHead(MLContext mlContext, string featuresColumnName, string labelColumnName = "Label",
        string predictedLabelColumnName = "PredictedGenre")
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        return mlContext.Transforms.Conversion.MapValueToKey(labelColumnName)
            .Append(mlContext.Transforms.NormalizeMeanVariance("__musicnn_normalised__", featuresColumnName))
            .Append(mlContext.MulticlassClassification.Trainers.LbfgsMaximumEntropy(labelColumnName, "__musicnn_normalised__"))
            .Append(mlContext.Transforms.Conversion.MapKeyToValue(predictedLabelColumnName, "PredictedLabel"));
    }
}
