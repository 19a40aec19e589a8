using Microsoft.ML;
using Microsoft.ML.Data;
using MusicGenre.Models.Musicnn;

namespace MusicGenre.MLNet;

/// <summary>
/// A fitted <see cref="MusicnnEmbeddingEstimator"/>: adds a column of musicnn embeddings computed from a column of
/// 16 kHz mono samples.
/// </summary>
/// <remarks>
/// Save models that contain it with <c>mlContext.Model.SaveGenreModel</c>: the file holds the network's weights
/// (musicnn's, <see cref="MusicnnWeights.License"/>, or fine-tuned from them: keep the licence notice with the file
/// when you redistribute it). Thread-safe: the network is shared and calls to it are serialised. Deliberately not
/// <see cref="IDisposable"/> (ML.NET disposes the transformers of a chain with its prediction engines); dispose
/// <see cref="Embedder"/> when the model is no longer used.
/// </remarks>
public sealed class MusicnnEmbeddingTransformer : ITransformer
{
    private readonly ITransformer mapping;

    internal MusicnnEmbeddingTransformer(MusicnnEmbedder embedder, MusicnnPooling pooling, string outputColumnName, string inputColumnName)
    {
        Embedder = embedder;
        Pooling = pooling;
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName;
        mapping = SchemaFor(pooling, outputColumnName, inputColumnName).Create(Map);
    }

    /// <summary>The embedder (network and patch options) this transformer runs.</summary>
    public MusicnnEmbedder Embedder { get; }

    /// <summary>How patches are pooled per track.</summary>
    public MusicnnPooling Pooling { get; }

    /// <summary>The output column.</summary>
    public string OutputColumnName { get; }

    /// <summary>The input column (16 kHz samples).</summary>
    public string InputColumnName { get; }

    /// <summary>Licence of the weights this transformer uses.</summary>
    public static string License => MusicnnWeights.License;

    /// <inheritdoc />
    public bool IsRowToRowMapper => true;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => mapping.GetOutputSchema(inputSchema);

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => mapping.GetRowToRowMapper(inputSchema);

    /// <inheritdoc />
    public IDataView Transform(IDataView input) => mapping.Transform(input);

    void ICanSaveModel.Save(ModelSaveContext ctx) => throw PlainSaveRefusal.For("MusicnnEmbedding");

    /// <summary>The step's columns: 16 kHz samples in, an embedding of the pooling's length out.</summary>
    internal static InMemoryMapping<StepSamplesRow, StepVectorRow> SchemaFor(MusicnnPooling pooling, string outputColumnName, string inputColumnName)
    {
        var output = InMemoryMapping<StepSamplesRow, StepVectorRow>.OutputTo((nameof(StepVectorRow.Values), outputColumnName));
        int length = MusicnnEmbedder.EmbeddingLength(pooling);
        output[outputColumnName].ColumnType = length > 0
            ? new VectorDataViewType(NumberDataViewType.Single, length)
            : new VectorDataViewType(NumberDataViewType.Single);
        return new InMemoryMapping<StepSamplesRow, StepVectorRow>(
            InMemoryMapping<StepSamplesRow, StepVectorRow>.InputFrom(nameof(StepSamplesRow.Samples), inputColumnName, new VectorDataViewType(NumberDataViewType.Single)),
            output);
    }

    private void Map(StepSamplesRow input, StepVectorRow output) => output.Values = Embedder.EmbedTrack(input.Samples ?? [], Pooling);
}
