using Microsoft.ML;
using MusicGenre.Models.Musicnn;

namespace MusicGenre.MLNet;

/// <summary>Catalog extensions for pretrained musicnn embeddings.</summary>
public static class MusicnnCatalog
{
    /// <summary>
    /// Adds musicnn embeddings (pretrained on the Million Song Dataset) of a column of 16 kHz mono samples.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">The embedding column (vector of float: 200 values, or 400 for mean+max).</param>
    /// <param name="inputColumnName">The samples column (vector of float at 16 kHz); null means <paramref name="outputColumnName"/>.</param>
    /// <param name="pooling">How the 3 s patches of a track are summarised; default mean.</param>
    /// <param name="weightsPath">A local <c>MSD_musicnn.h5</c>; null downloads it once into the user cache
    /// (<see cref="MusicnnWeights.DefaultCacheDirectory"/>). Licence: <see cref="MusicnnWeights.License"/>.</param>
    /// <example><code>
    /// var pipeline = mlContext.Transforms.LoadAudio("Samples", "Path", new AudioLoadOptions { SampleRate = 16000 })
    ///     .Append(mlContext.Transforms.MusicnnEmbedding("Features", "Samples"))
    ///     .AppendCacheCheckpoint(mlContext)
    ///     .Append(mlContext.Transforms.Conversion.MapValueToKey("Label"))
    ///     .Append(mlContext.MulticlassClassification.Trainers.SdcaMaximumEntropy())
    ///     .Append(mlContext.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
    /// </code></example>
    public static MusicnnEmbeddingEstimator MusicnnEmbedding(this TransformsCatalog catalog, string outputColumnName,
        string? inputColumnName = null, MusicnnPooling pooling = MusicnnEmbeddingOptions.Defaults.Pooling, string? weightsPath = null)
        => catalog.MusicnnEmbedding(outputColumnName, inputColumnName, new MusicnnEmbeddingOptions
        {
            Pooling = pooling,
            Weights = new MusicnnWeightsOptions { Path = weightsPath },
        });

    /// <summary>Adds musicnn embeddings of a column of 16 kHz mono samples, with every option.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">The embedding column.</param>
    /// <param name="inputColumnName">The samples column (vector of float at 16 kHz); null means <paramref name="outputColumnName"/>.</param>
    /// <param name="options">Pooling, patches, batch size and where the weights come from.</param>
    public static MusicnnEmbeddingEstimator MusicnnEmbedding(this TransformsCatalog catalog, string outputColumnName,
        string? inputColumnName, MusicnnEmbeddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(outputColumnName, inputColumnName ?? outputColumnName, options ?? throw new ArgumentNullException(nameof(options)));
    }

    /// <summary>
    /// Adds embeddings computed by a network you provide (for example a fine-tuned one).
    /// The embedder is shared by every transformer fitted from this estimator; do not dispose it while they are used.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">The embedding column.</param>
    /// <param name="inputColumnName">The samples column (vector of float at 16 kHz); null means <paramref name="outputColumnName"/>.</param>
    /// <param name="embedder">The embedder.</param>
    /// <param name="pooling">How the patches of a track are summarised.</param>
    public static MusicnnEmbeddingEstimator MusicnnEmbedding(this TransformsCatalog catalog, string outputColumnName,
        string? inputColumnName, MusicnnEmbedder embedder, MusicnnPooling pooling = MusicnnEmbeddingOptions.Defaults.Pooling)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        var options = new MusicnnEmbeddingOptions
        {
            Pooling = pooling,
            PatchHop = embedder.FeatureOptions.PatchHop,
            MaxPatches = embedder.FeatureOptions.MaxPatches,
            BatchSize = embedder.BatchSize,
        };
        ArgumentNullException.ThrowIfNull(catalog);
        return new(outputColumnName, inputColumnName ?? outputColumnName, options, () => embedder);
    }
}
