namespace MusicGenre.Models.Musicnn;

/// <summary>
/// musicnn's own output layer, applied to the embedding as musicnn's back end does after its 200-unit layer: ReLU,
/// batch norm (<c>bn_dense</c>, epsilon 0.001), dense to the 50 tags (<c>dense_1</c>), sigmoid. Immutable, thread-safe.
/// </summary>
internal sealed class MusicnnTagHead
{
    private const int In = MusicnnArchitecture.EmbeddingSize;
    private const int Out = MusicnnTagNames.Count;

    private readonly float[] scale = new float[In];
    private readonly float[] shift = new float[In];
    private readonly float[] weights; // [Out, In]
    private readonly float[] bias;

    /// <param name="gamma">Batch norm scale.</param>
    /// <param name="beta">Batch norm offset.</param>
    /// <param name="mean">Batch norm moving mean.</param>
    /// <param name="variance">Batch norm moving variance.</param>
    /// <param name="kernel">Keras dense kernel, row-major <c>[200, 50]</c>.</param>
    /// <param name="bias">Dense bias <c>[50]</c>.</param>
    public MusicnnTagHead(float[] gamma, float[] beta, float[] mean, float[] variance, float[] kernel, float[] bias)
    {
        for (var i = 0; i < In; i++)
        {
            var s = gamma[i] / (float)Math.Sqrt(variance[i] + MusicnnArchitecture.BatchNormEpsilon);
            scale[i] = s;
            shift[i] = beta[i] - mean[i] * s;
        }
        weights = new float[Out * In];
        for (var i = 0; i < In; i++)
            for (var o = 0; o < Out; o++) weights[o * In + i] = kernel[i * Out + o];
        this.bias = (float[])bias.Clone();
    }

    /// <summary>Tag scores (sigmoid) of embeddings.</summary>
    /// <param name="embeddings">Row-major <c>[n, 200]</c> embeddings (pre-ReLU, as <see cref="MusicnnNetwork"/> returns them).</param>
    /// <returns>Row-major <c>[n, 50]</c> scores in (0, 1).</returns>
    public float[] Apply(ReadOnlySpan<float> embeddings)
    {
        if (embeddings.Length == 0 || embeddings.Length % In != 0)
            throw new ArgumentException($"Embedding length {embeddings.Length} is not a positive multiple of {In}.", nameof(embeddings));
        var count = embeddings.Length / In;
        var scores = new float[count * Out];
        Span<float> normalised = stackalloc float[In];
        for (var n = 0; n < count; n++)
        {
            var row = embeddings.Slice(n * In, In);
            for (var i = 0; i < In; i++) normalised[i] = MathF.Max(row[i], 0f) * scale[i] + shift[i];
            for (var o = 0; o < Out; o++)
            {
                var w = weights.AsSpan(o * In, In);
                var logit = bias[o];
                for (var i = 0; i < In; i++) logit += w[i] * normalised[i];
                scores[n * Out + o] = 1f / (1f + MathF.Exp(-logit));
            }
        }
        return scores;
    }
}
