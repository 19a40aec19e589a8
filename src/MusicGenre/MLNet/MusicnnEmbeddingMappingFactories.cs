using System.ComponentModel;
using Microsoft.ML.Transforms;
using MusicGenre.Models.Musicnn;

namespace MusicGenre.MLNet;

/// <summary>Re-creates a saved musicnn mapping (200 values) when a model is loaded with <see cref="MusicnnModelFile.Load"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[CustomMappingFactoryAttribute(Contract)]
public sealed class MusicnnEmbedding200MappingFactory : CustomMappingFactory<MusicnnSamplesRow, MusicnnEmbedding200Row>
{
    /// <summary>The persistence contract.</summary>
    public const string Contract = "MusicGenre.Musicnn.Embedding200.v1";

    /// <inheritdoc />
    public override Action<MusicnnSamplesRow, MusicnnEmbedding200Row> GetMapping()
        => Map(MusicnnModelFile.TakePending(Contract));

    internal static Action<MusicnnSamplesRow, MusicnnEmbedding200Row> Map(MusicnnEmbeddingState state)
        => (input, output) => output.Embedding = state.Embed(input.Samples);
}

/// <summary>Re-creates a saved musicnn mapping (400 values) when a model is loaded with <see cref="MusicnnModelFile.Load"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[CustomMappingFactoryAttribute(Contract)]
public sealed class MusicnnEmbedding400MappingFactory : CustomMappingFactory<MusicnnSamplesRow, MusicnnEmbedding400Row>
{
    /// <summary>The persistence contract.</summary>
    public const string Contract = "MusicGenre.Musicnn.Embedding400.v1";

    /// <inheritdoc />
    public override Action<MusicnnSamplesRow, MusicnnEmbedding400Row> GetMapping()
        => Map(MusicnnModelFile.TakePending(Contract));

    internal static Action<MusicnnSamplesRow, MusicnnEmbedding400Row> Map(MusicnnEmbeddingState state)
        => (input, output) => output.Embedding = state.Embed(input.Samples);
}

/// <summary>Re-creates a saved per-patch musicnn mapping when a model is loaded with <see cref="MusicnnModelFile.Load"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[CustomMappingFactoryAttribute(Contract)]
public sealed class MusicnnPatchEmbeddingsMappingFactory : CustomMappingFactory<MusicnnSamplesRow, MusicnnPatchEmbeddingsRow>
{
    /// <summary>The persistence contract.</summary>
    public const string Contract = "MusicGenre.Musicnn.PatchEmbeddings.v1";

    /// <inheritdoc />
    public override Action<MusicnnSamplesRow, MusicnnPatchEmbeddingsRow> GetMapping()
        => Map(MusicnnModelFile.TakePending(Contract));

    internal static Action<MusicnnSamplesRow, MusicnnPatchEmbeddingsRow> Map(MusicnnEmbeddingState state)
        => (input, output) => output.Embedding = state.Embed(input.Samples);
}

/// <summary>The contract of each pooling.</summary>
internal static class MusicnnContracts
{
    public static string For(MusicnnPooling pooling) => pooling switch
    {
        MusicnnPooling.Mean or MusicnnPooling.Max => MusicnnEmbedding200MappingFactory.Contract,
        MusicnnPooling.MeanMax => MusicnnEmbedding400MappingFactory.Contract,
        MusicnnPooling.None => MusicnnPatchEmbeddingsMappingFactory.Contract,
        _ => throw new ArgumentOutOfRangeException(nameof(pooling), pooling, "Unknown pooling."),
    };
}
