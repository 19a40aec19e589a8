using Microsoft.ML;
using Microsoft.ML.Data;
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
/// makes several passes. Save and load fitted chains with <see cref="MusicnnModelFile"/>.
/// </remarks>
public sealed class MusicnnEmbeddingEstimator : IEstimator<MusicnnEmbeddingTransformer>
{
    private readonly TransformsCatalog catalog;
    private readonly string outputColumnName;
    private readonly string inputColumnName;
    private readonly MusicnnEmbeddingOptions options;
    private readonly Func<MusicnnEmbedder>? embedderFactory;

    internal MusicnnEmbeddingEstimator(TransformsCatalog catalog, string outputColumnName, string inputColumnName,
        MusicnnEmbeddingOptions options, Func<MusicnnEmbedder>? embedderFactory = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputColumnName);
        ArgumentException.ThrowIfNullOrWhiteSpace(inputColumnName);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.catalog = catalog;
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
        ColumnChecks.RequireSamples(input.Schema, inputColumnName, "MusicnnEmbedding");
        var embedder = embedderFactory?.Invoke()
            ?? MusicnnEmbedder.FromWeights(MusicnnWeights.Ensure(options.Weights), options.FeatureOptions, options.BatchSize);
        var state = new MusicnnEmbeddingState(embedder, options.Pooling);
        var chain = BuildChain(state).Fit(input);
        var mapping = chain.ElementAt(1);
        MusicnnModelFile.Register(mapping, state);
        return new MusicnnEmbeddingTransformer(chain, embedder, options.Pooling, outputColumnName, inputColumnName);
    }

    /// <summary>The output schema: the input plus a float vector column named as the output.</summary>
    /// <param name="inputSchema">The input schema shape.</param>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ColumnChecks.RequireSamples(inputSchema, inputColumnName, "MusicnnEmbedding");
        return BuildChain(null).GetOutputSchema(inputSchema);
    }

    private EstimatorChain<ITransformer> BuildChain(MusicnnEmbeddingState? state)
    {
        IEstimator<ITransformer> mapping = options.Pooling switch
        {
            MusicnnPooling.Mean or MusicnnPooling.Max => catalog.CustomMapping(
                state is null ? Unfitted<MusicnnEmbedding200Row>() : MusicnnEmbedding200MappingFactory.Map(state), MusicnnEmbedding200MappingFactory.Contract),
            MusicnnPooling.MeanMax => catalog.CustomMapping(
                state is null ? Unfitted<MusicnnEmbedding400Row>() : MusicnnEmbedding400MappingFactory.Map(state), MusicnnEmbedding400MappingFactory.Contract),
            _ => catalog.CustomMapping(
                state is null ? Unfitted<MusicnnPatchEmbeddingsRow>() : MusicnnPatchEmbeddingsMappingFactory.Map(state), MusicnnPatchEmbeddingsMappingFactory.Contract),
        };
        IEstimator<ITransformer> copyIn = catalog.CopyColumns(MusicnnSamplesRow.Column, inputColumnName);
        IEstimator<ITransformer> copyOut = catalog.CopyColumns(outputColumnName, MusicnnEmbedding200Row.Column);
        IEstimator<ITransformer> drop = catalog.DropColumns(MusicnnSamplesRow.Column, MusicnnEmbedding200Row.Column);
        return new EstimatorChain<ITransformer>().Append(copyIn).Append(mapping).Append(copyOut).Append(drop);
    }

    private static Action<MusicnnSamplesRow, TOut> Unfitted<TOut>() where TOut : class, new()
        => (_, _) => throw new InvalidOperationException("MusicnnEmbedding must be fitted before it transforms data.");
}
