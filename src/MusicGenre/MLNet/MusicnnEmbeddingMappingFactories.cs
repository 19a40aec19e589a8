using System.ComponentModel;
using Microsoft.ML.Transforms;
using MusicGenre.Models.Musicnn;

namespace MusicGenre.MLNet;

/// <summary>
/// Infrastructure: re-creates a saved musicnn mapping when a model is loaded with <see cref="MusicnnModelFile.Load"/>
/// (one subclass per output shape, each with its persistence contract).
/// </summary>
/// <typeparam name="TOut">The output row.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class MusicnnEmbeddingMappingFactory<TOut> : CustomMappingFactory<MusicnnSamplesRow, TOut>
    where TOut : class, IMusicnnEmbeddingRow, new()
{
    /// <summary>The persistence contract of this output shape.</summary>
    protected abstract string ContractName { get; }

    /// <inheritdoc />
    public override Action<MusicnnSamplesRow, TOut> GetMapping() => Map(MusicnnModelFile.TakePending(ContractName));

    internal static Action<MusicnnSamplesRow, TOut> Map(MusicnnEmbeddingState state)
        => (input, output) => output.Embedding = state.Embed(input.Samples);
}

/// <summary>Infrastructure: the 200-value musicnn mapping (mean or max pooling).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[CustomMappingFactoryAttribute(Contract)]
public sealed class MusicnnEmbedding200MappingFactory : MusicnnEmbeddingMappingFactory<MusicnnEmbedding200Row>
{
    /// <summary>The persistence contract.</summary>
    public const string Contract = "MusicGenre.Musicnn.Embedding200.v1";

    /// <inheritdoc />
    protected override string ContractName => Contract;
}

/// <summary>Infrastructure: the 400-value musicnn mapping (mean then max).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[CustomMappingFactoryAttribute(Contract)]
public sealed class MusicnnEmbedding400MappingFactory : MusicnnEmbeddingMappingFactory<MusicnnEmbedding400Row>
{
    /// <summary>The persistence contract.</summary>
    public const string Contract = "MusicGenre.Musicnn.Embedding400.v1";

    /// <inheritdoc />
    protected override string ContractName => Contract;
}

/// <summary>Infrastructure: the per-patch musicnn mapping (no pooling).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[CustomMappingFactoryAttribute(Contract)]
public sealed class MusicnnPatchEmbeddingsMappingFactory : MusicnnEmbeddingMappingFactory<MusicnnPatchEmbeddingsRow>
{
    /// <summary>The persistence contract.</summary>
    public const string Contract = "MusicGenre.Musicnn.PatchEmbeddings.v1";

    /// <inheritdoc />
    protected override string ContractName => Contract;
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
