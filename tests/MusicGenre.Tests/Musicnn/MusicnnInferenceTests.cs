using MusicGenre.Models.Musicnn;
using TorchSharp;
using TorchSharp.Modules;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace MusicGenre.Tests.Musicnn;

/// <summary>
/// The AVX-512 inference path (<see cref="MusicnnInference"/>, used under no_grad in evaluation mode)
/// against the layer-by-layer TorchSharp front end (used with gradients on), on the same network and input.
/// </summary>
public class MusicnnInferenceTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-4;

    [SkippableTheory]
    [InlineData(3, MusicnnArchitecture.PatchFrames)]
    [InlineData(2, 150)]
    [InlineData(1, 9)]
    public void EqualsTheLayerByLayerPathWithRandomWeightsAndNegativeBatchNormScales(int patches, int frames)
    {
        Skip.IfNot(MusicnnInference.IsSupported, "this CPU has no AVX-512: the layer-by-layer path is the only one");
        torch.manual_seed(7);
        using var network = new MusicnnNetwork();
        Randomise(network);
        network.eval();
        using var input = torch.randn(patches, frames, MusicnnArchitecture.MelBands) * 2 + 0.5;

        var (fast, layers) = BothPaths(network, input);

        Assert.True(network.FrontEnd.Any(b => b.BatchNorm.weight!.lt(0).any().item<bool>()), "no negative batch norm scale to exercise");
        AssertClose(layers, fast, $"{patches} × {frames} frames");
    }

    [SkippableTheory]
    [InlineData("blues.00000")]
    [InlineData("metal.00000")]
    public void EqualsTheLayerByLayerPathWithTheMsdWeights(string clip)
    {
        Skip.IfNot(MusicnnInference.IsSupported, "this CPU has no AVX-512: the layer-by-layer path is the only one");
        Skip.IfNot(File.Exists(MusicnnReference.WeightsPath), "MSD_musicnn.h5 not in ../shared");
        var (data, frames) = MusicnnReference.Input(clip);
        var count = frames / MusicnnArchitecture.PatchFrames;
        using var network = MusicnnWeights.LoadNetwork(MusicnnReference.WeightsPath);
        using var input = torch.tensor(data.AsSpan(0, count * MusicnnArchitecture.PatchFrames * MusicnnArchitecture.MelBands).ToArray(),
            [count, MusicnnArchitecture.PatchFrames, MusicnnArchitecture.MelBands]);

        var (fast, layers) = BothPaths(network, input);

        AssertClose(layers, fast, clip);
    }

    [SkippableFact]
    public void AppliesOnlyWithoutGradientsAndWithEveryFrontEndBatchNormInEvaluationMode()
    {
        Skip.IfNot(MusicnnInference.IsSupported, "this CPU has no AVX-512");
        using var network = new MusicnnNetwork();
        using var input = torch.zeros(1, MusicnnArchitecture.PatchFrames, MusicnnArchitecture.MelBands);
        network.eval();
        using (torch.no_grad()) Assert.True(MusicnnInference.Applies(network, input));
        using (torch.enable_grad()) Assert.False(MusicnnInference.Applies(network, input));
        network.FrontEnd[3].BatchNorm.train();
        using (torch.no_grad()) Assert.False(MusicnnInference.Applies(network, input));
        network.eval();
        network.InputBatchNorm.train();
        using (torch.no_grad()) Assert.False(MusicnnInference.Applies(network, input));
        using var doubles = input.to(ScalarType.Float64);
        network.eval();
        using (torch.no_grad()) Assert.False(MusicnnInference.Applies(network, doubles));
    }

    private static (float[] Fast, float[] Layers) BothPaths(MusicnnNetwork network, Tensor input)
    {
        Assert.False(network.training);
        float[] fast, layers;
        using (torch.no_grad())
        {
            Assert.True(MusicnnInference.Applies(network, input));
            using var y = network.forward(input);
            fast = y.data<float>().ToArray();
        }
        using (torch.enable_grad())
        {
            Assert.False(MusicnnInference.Applies(network, input));
            using var y = network.forward(input);
            layers = y.detach().data<float>().ToArray();
        }
        return (fast, layers);
    }

    private void AssertClose(float[] expected, float[] actual, string what)
    {
        var (maxDiff, maxValue) = MusicnnReference.Compare(expected, actual);
        output.WriteLine($"{what}: max |AVX-512 - layer by layer| = {maxDiff:E3} (max |value| = {maxValue:F3})");
        Assert.True(maxValue > 0.1, "degenerate embeddings");
        Assert.True(maxDiff <= Tolerance, $"{what}: max abs diff {maxDiff:E3} > {Tolerance}");
    }

    /// <summary>Random weights and batch norm statistics, with scales of both signs (the max/min choice depends on the sign).</summary>
    private static void Randomise(MusicnnNetwork network)
    {
        using var noGrad = torch.no_grad();
        foreach (var module in network.modules())
            if (module is BatchNorm1d or BatchNorm2d)
            {
                var (weight, bias, mean, variance) = module switch
                {
                    BatchNorm1d b => (b.weight!, b.bias!, b.running_mean!, b.running_var!),
                    BatchNorm2d b => (b.weight!, b.bias!, b.running_mean!, b.running_var!),
                    _ => throw new InvalidOperationException(),
                };
                weight.uniform_(-1.5, 1.5);
                bias.uniform_(-0.5, 0.5);
                mean.uniform_(-0.3, 0.3);
                variance.uniform_(0.5, 2.0);
            }
    }
}
