using MusicGenre.Features;
using TorchSharp;

namespace MusicGenre.Models.Musicnn;

/// <summary>
/// Turns 16 kHz audio into musicnn embeddings: <see cref="MusicnnFeatures"/> patches through a
/// <see cref="MusicnnNetwork"/> in evaluation mode, in batches, optionally pooled per track.
/// </summary>
/// <remarks>
/// Thread-safe: calls are serialised around the network (TorchSharp already uses every core for one batch).
/// Owns and disposes its network.
/// </remarks>
public sealed class MusicnnEmbedder : IDisposable
{
    /// <summary>Default number of patches per forward pass.</summary>
    public const int DefaultBatchSize = 16;

    private readonly Lock gate = new();
    private readonly ThreadLocal<MusicnnFeatures> features;
    private bool disposed;

    /// <summary>Creates an embedder around a network (which it owns from now on).</summary>
    /// <param name="network">The network, usually from <see cref="MusicnnWeights.LoadNetwork"/>.</param>
    /// <param name="featureOptions">How tracks are cut into patches; null for all non-overlapping patches.</param>
    /// <param name="batchSize">Patches per forward pass (memory ~ 6 MB per patch); default 16.</param>
    public MusicnnEmbedder(MusicnnNetwork network, MusicnnFeaturesOptions? featureOptions = null, int batchSize = DefaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        featureOptions ??= new MusicnnFeaturesOptions();
        featureOptions.Validate();
        Network = network;
        FeatureOptions = featureOptions;
        BatchSize = batchSize;
        features = new ThreadLocal<MusicnnFeatures>(() => new MusicnnFeatures(featureOptions));
        Network.eval();
    }

    /// <summary>Creates an embedder with the pretrained weights of a Keras checkpoint (<see cref="MusicnnWeights.License"/>).</summary>
    /// <param name="weightsPath">The <c>MSD_musicnn.h5</c> file (see <see cref="MusicnnWeights.EnsureAsync"/>).</param>
    /// <param name="featureOptions">How tracks are cut into patches; null for all non-overlapping patches.</param>
    /// <param name="batchSize">Patches per forward pass.</param>
    public static MusicnnEmbedder FromWeights(string weightsPath, MusicnnFeaturesOptions? featureOptions = null, int batchSize = DefaultBatchSize)
        => new(MusicnnWeights.LoadNetwork(weightsPath), featureOptions, batchSize);

    /// <summary>The network (in evaluation mode).</summary>
    public MusicnnNetwork Network { get; }

    /// <summary>How tracks are cut into patches.</summary>
    public MusicnnFeaturesOptions FeatureOptions { get; }

    /// <summary>Patches per forward pass.</summary>
    public int BatchSize { get; }

    /// <summary>True when the network was fine-tuned (<see cref="MusicnnFineTuneResult.CreateEmbedder"/>), false for the pretrained one; a saved model's kind follows it.</summary>
    public bool IsFineTuned { get; internal init; }

    /// <summary>Embeds patches.</summary>
    /// <param name="patches">Row-major <c>[count, 187, 96]</c> musicnn input.</param>
    /// <returns>Row-major <c>[count, 200]</c>.</returns>
    public float[] EmbedPatches(ReadOnlySpan<float> patches)
    {
        const int patchSize = MusicnnArchitecture.PatchFrames * MusicnnArchitecture.MelBands;
        if (patches.Length == 0 || patches.Length % patchSize != 0)
            throw new ArgumentException($"Patch data length {patches.Length} is not a positive multiple of 187 × 96.", nameof(patches));
        var count = patches.Length / patchSize;
        var output = new float[count * MusicnnArchitecture.EmbeddingSize];
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            using var noGrad = torch.no_grad();
            for (var start = 0; start < count; start += BatchSize)
            {
                var n = Math.Min(BatchSize, count - start);
                using var scope = torch.NewDisposeScope();
                var x = torch.tensor(patches.Slice(start * patchSize, n * patchSize).ToArray(),
                    [n, MusicnnArchitecture.PatchFrames, MusicnnArchitecture.MelBands]);
                var y = Network.forward(x);
                y.data<float>().CopyTo(output.AsSpan(start * MusicnnArchitecture.EmbeddingSize, n * MusicnnArchitecture.EmbeddingSize));
            }
        }
        return output;
    }

    /// <summary>Embeds every patch of a 16 kHz mono track.</summary>
    /// <param name="samples">Mono samples at 16 kHz.</param>
    /// <returns>Row-major <c>[patches, 200]</c>.</returns>
    public float[] EmbedTrack(ReadOnlySpan<float> samples) => EmbedPatches(features.Value!.ComputePatches(samples));

    /// <summary>Embeds a 16 kHz mono track and pools its patches.</summary>
    /// <param name="samples">Mono samples at 16 kHz.</param>
    /// <param name="pooling">How to summarise the patches.</param>
    /// <returns><see cref="EmbeddingLength"/> values (for <see cref="MusicnnPooling.None"/>, patches × 200).</returns>
    public float[] EmbedTrack(ReadOnlySpan<float> samples, MusicnnPooling pooling) => Pool(EmbedTrack(samples), pooling);

    /// <summary>Length of a pooled embedding: 200, or 400 for <see cref="MusicnnPooling.MeanMax"/>; 0 (variable) for <see cref="MusicnnPooling.None"/>.</summary>
    /// <param name="pooling">The pooling.</param>
    public static int EmbeddingLength(MusicnnPooling pooling) => pooling switch
    {
        MusicnnPooling.Mean or MusicnnPooling.Max => MusicnnArchitecture.EmbeddingSize,
        MusicnnPooling.MeanMax => 2 * MusicnnArchitecture.EmbeddingSize,
        MusicnnPooling.None => 0,
        _ => throw new ArgumentOutOfRangeException(nameof(pooling), pooling, "Unknown pooling."),
    };

    /// <summary>Pools per-patch embeddings.</summary>
    /// <param name="embeddings">Row-major <c>[patches, 200]</c>.</param>
    /// <param name="pooling">How to summarise the patches.</param>
    public static float[] Pool(ReadOnlySpan<float> embeddings, MusicnnPooling pooling)
    {
        const int d = MusicnnArchitecture.EmbeddingSize;
        if (embeddings.Length == 0 || embeddings.Length % d != 0)
            throw new ArgumentException($"Embedding length {embeddings.Length} is not a positive multiple of {d}.", nameof(embeddings));
        if (pooling == MusicnnPooling.None) return embeddings.ToArray();
        var count = embeddings.Length / d;
        var mean = new float[d];
        var max = new float[d];
        max.AsSpan().Fill(float.NegativeInfinity);
        for (var p = 0; p < count; p++)
        {
            var row = embeddings.Slice(p * d, d);
            for (var i = 0; i < d; i++)
            {
                mean[i] += row[i];
                if (row[i] > max[i]) max[i] = row[i];
            }
        }
        for (var i = 0; i < d; i++) mean[i] /= count;
        return pooling switch
        {
            MusicnnPooling.Mean => mean,
            MusicnnPooling.Max => max,
            MusicnnPooling.MeanMax => [.. mean, .. max],
            _ => throw new ArgumentOutOfRangeException(nameof(pooling), pooling, "Unknown pooling."),
        };
    }

    /// <summary>Disposes the network.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            if (disposed) return;
            disposed = true;
            Network.Dispose();
            features.Dispose();
        }
    }
}
