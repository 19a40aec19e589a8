using MusicGenre.Models.Musicnn;
using TorchSharp;
using Xunit.Abstractions;

namespace MusicGenre.Tests.Musicnn;

/// <summary>
/// The TorchSharp network with the Keras weights against the reference ONNX model (same MSD weights, tf2onnx), on
/// real patches from the librosa fixtures.
/// </summary>
public class MusicnnNetworkParityTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-3;

    [SkippableTheory]
    [InlineData("blues.00000")]
    [InlineData("metal.00000")]
    public void EmbeddingsMatchOnnxReference(string clip)
    {
        var (input, frames) = MusicnnReference.Input(clip);
        var count = frames / MusicnnArchitecture.PatchFrames;
        var patches = input.AsSpan(0, count * MusicnnArchitecture.PatchFrames * MusicnnArchitecture.MelBands).ToArray();

        var expected = MusicnnReference.RunOnnx(patches, count);

        using var network = MusicnnWeights.LoadNetwork(MusicnnReference.WeightsPath);
        using var x = torch.tensor(patches, [count, MusicnnArchitecture.PatchFrames, MusicnnArchitecture.MelBands]);
        using var noGrad = torch.no_grad();
        using var y = network.forward(x);
        Assert.Equal([count, MusicnnArchitecture.EmbeddingSize], y.shape);
        var actual = y.data<float>().ToArray();

        var (maxDiff, maxRef) = MusicnnReference.Compare(expected, actual);
        output.WriteLine($"{clip}: {count} patches, max |torch - onnx| = {maxDiff:E3} (max |onnx| = {maxRef:F3})");
        Assert.True(maxRef > 0.1, "reference embeddings are degenerate");
        Assert.True(maxDiff <= Tolerance, $"{clip}: max abs diff {maxDiff:E3} > {Tolerance}");
    }
}
