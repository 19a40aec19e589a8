using MusicGenre.Models.Musicnn;

namespace MusicGenre.Tests.Musicnn;

/// <summary>Pooling of per-patch embeddings into one vector per track.</summary>
public class MusicnnPoolingTests
{
    private const int D = MusicnnArchitecture.EmbeddingSize;

    [Fact]
    public void MeanMaxAndNoneSummariseThePatches()
    {
        var random = new Random(5);
        var patches = Enumerable.Range(0, 3 * D).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();

        var mean = MusicnnEmbedder.Pool(patches, MusicnnPooling.Mean);
        var max = MusicnnEmbedder.Pool(patches, MusicnnPooling.Max);
        var both = MusicnnEmbedder.Pool(patches, MusicnnPooling.MeanMax);
        var none = MusicnnEmbedder.Pool(patches, MusicnnPooling.None);

        for (var i = 0; i < D; i++)
        {
            var column = new[] { patches[i], patches[D + i], patches[2 * D + i] };
            Assert.Equal(column.Average(), mean[i], 5);
            Assert.Equal(column.Max(), max[i]);
        }
        Assert.Equal([.. mean, .. max], both);
        Assert.Equal(patches, none);
        Assert.Equal(D, MusicnnEmbedder.EmbeddingLength(MusicnnPooling.Mean));
        Assert.Equal(2 * D, MusicnnEmbedder.EmbeddingLength(MusicnnPooling.MeanMax));
        Assert.Equal(0, MusicnnEmbedder.EmbeddingLength(MusicnnPooling.None));
    }

    [Fact]
    public void RaggedEmbeddingsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => MusicnnEmbedder.Pool(new float[D + 1], MusicnnPooling.Mean));
        Assert.Throws<ArgumentException>(() => MusicnnEmbedder.Pool([], MusicnnPooling.Mean));
    }
}
