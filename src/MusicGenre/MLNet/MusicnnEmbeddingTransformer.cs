using Microsoft.ML;
using Microsoft.ML.Data;
using MusicGenre.MLNet.Persistence;
using MusicGenre.Models.Musicnn;

namespace MusicGenre.MLNet;

/// <summary>
/// A fitted <see cref="MusicnnEmbeddingEstimator"/>: adds a column of musicnn embeddings computed from a column of
/// 16 kHz mono samples. Save and load models that contain it with <see cref="MusicnnModelFile"/> (it saves as the
/// ML.NET chain it is made of, so a loaded model is a <c>TransformerChain</c> that behaves identically).
/// </summary>
/// <remarks>Thread-safe: the network is shared and calls to it are serialised.</remarks>
public sealed class MusicnnEmbeddingTransformer : ChainBackedTransformer
{
    internal MusicnnEmbeddingTransformer(TransformerChain<ITransformer> inner, MusicnnEmbedder embedder, MusicnnPooling pooling,
        string outputColumnName, string inputColumnName) : base(inner)
    {
        Embedder = embedder;
        Pooling = pooling;
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName;
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
}
