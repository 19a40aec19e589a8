using System.ComponentModel;
using Microsoft.ML.Data;

namespace MusicGenre.MLNet;

/// <summary>Infrastructure of <see cref="MusicnnEmbeddingEstimator"/> (the input row of its custom mapping); not for direct use.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class MusicnnSamplesRow
{
    /// <summary>Internal column holding the 16 kHz samples.</summary>
    public const string Column = "__musicnn_samples__";

    /// <summary>Mono samples at 16 kHz.</summary>
    [ColumnName(Column)]
    public float[] Samples { get; set; } = [];
}

/// <summary>Infrastructure of <see cref="MusicnnEmbeddingEstimator"/>: an output row of its custom mapping.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IMusicnnEmbeddingRow
{
    /// <summary>The embedding.</summary>
    float[] Embedding { get; set; }
}

/// <summary>Infrastructure of <see cref="MusicnnEmbeddingEstimator"/> (200-value output row); not for direct use.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class MusicnnEmbedding200Row : IMusicnnEmbeddingRow
{
    /// <summary>Internal column holding the embedding.</summary>
    public const string Column = "__musicnn_embedding__";

    /// <summary>The pooled embedding.</summary>
    [ColumnName(Column), VectorType(200)]
    public float[] Embedding { get; set; } = [];
}

/// <summary>Infrastructure of <see cref="MusicnnEmbeddingEstimator"/> (400-value output row); not for direct use.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class MusicnnEmbedding400Row : IMusicnnEmbeddingRow
{
    /// <summary>The mean-then-max embedding.</summary>
    [ColumnName(MusicnnEmbedding200Row.Column), VectorType(400)]
    public float[] Embedding { get; set; } = [];
}

/// <summary>Infrastructure of <see cref="MusicnnEmbeddingEstimator"/> (per-patch output row); not for direct use.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class MusicnnPatchEmbeddingsRow : IMusicnnEmbeddingRow
{
    /// <summary>Every patch's embedding, patch after patch (variable length).</summary>
    [ColumnName(MusicnnEmbedding200Row.Column), VectorType]
    public float[] Embedding { get; set; } = [];
}
