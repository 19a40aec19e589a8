using Microsoft.ML;
using MusicGenre.Models.Musicnn;

namespace MusicGenre.MLNet;

/// <summary>
/// Computes pretrained musicnn embeddings (MSD musicnn, Pons &amp; Serra 2019) from a column of 16 kHz mono samples.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term>Needs training?</term><description>No (the network is pretrained; fitting loads the weights).</description></item>
/// <item><term>Input column</term><description>Vector of <see cref="float"/>: mono samples at 16,000 Hz, e.g. from
/// <c>LoadAudio</c> with <c>SampleRate = 16000</c>.</description></item>
/// <item><term>Output column</term><description>Vector of <see cref="float"/>: 200 values (<see cref="MusicnnPooling.Mean"/>,
/// <see cref="MusicnnPooling.Max"/>), 400 (<see cref="MusicnnPooling.MeanMax"/>) or patches × 200 (<see cref="MusicnnPooling.None"/>).</description></item>
/// <item><term>Weights</term><description><c>MSD_musicnn.h5</c>, downloaded once to the user cache or read from a path;
/// <see cref="MusicnnWeights.License"/>.</description></item>
/// </list>
/// Embedding is costly (about 1.4 GFLOP per 3 s patch): put <c>AppendCacheCheckpoint</c> after it before a trainer that
/// makes several passes. Save and load fitted chains with <c>mlContext.Model.SaveGenreModel</c> / <c>LoadGenreModel</c>.
/// </remarks>
public sealed class MusicnnEmbeddingEstimator : IEstimator<MusicnnEmbeddingTransformer>
{
    private const string Step = "MusicnnEmbedding";
    private readonly string outputColumnName;
    private readonly string inputColumnName;
    private readonly MusicnnEmbeddingOptions options;
    private readonly Func<MusicnnEmbedder>? embedderFactory;

    internal MusicnnEmbeddingEstimator(string outputColumnName, string inputColumnName, MusicnnEmbeddingOptions options,
        Func<MusicnnEmbedder>? embedderFactory = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputColumnName);
        ArgumentException.ThrowIfNullOrWhiteSpace(inputColumnName);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.outputColumnName = outputColumnName;
        this.inputColumnName = inputColumnName;
        this.options = options;
        this.embedderFactory = embedderFactory;
    }

    /// <summary>Loads the weights (downloading them on first use) and returns the transformer.</summary>
    /// <param name="input">Data with the input column.</param>
    public MusicnnEmbeddingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ColumnChecks.RequireSamples(input.Schema, inputColumnName, Step);
        var embedder = embedderFactory?.Invoke()
            ?? MusicnnEmbedder.FromWeights(MusicnnWeights.Ensure(options.Weights), options.FeatureOptions, options.BatchSize);
        return new MusicnnEmbeddingTransformer(embedder, options.Pooling, outputColumnName, inputColumnName);
    }

    /// <summary>The output schema: the input plus a float vector column named as the output.</summary>
    /// <param name="inputSchema">The input schema shape.</param>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ColumnChecks.RequireSamples(inputSchema, inputColumnName, Step);
        // The shape depends only on the pooling: no weights are loaded to compute it.
        return MusicnnEmbeddingTransformer.SchemaFor(options.Pooling, outputColumnName, inputColumnName).GetOutputSchema(inputSchema);
    }
}
