using MusicGenre.Models;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace MusicGenre.Tests.Models;

/// <summary>The fused first block of the seed networks against Conv2d, max_pool2d and ReLU as TorchSharp layers.</summary>
public class SingleChannelConvPoolReLUTests(ITestOutputHelper output)
{
    [SkippableTheory]
    [InlineData(3, 64, 173)] // the seed's windows: 60×169 convolution map, odd width
    [InlineData(2, 65, 171)] // odd height and width
    [InlineData(1, 10, 6)] // one pooled column, a single partial tile
    public void ValuesAndGradientsEqualTheLayers(int batch, int height, int width)
    {
        torch.manual_seed(11);
        using var conv = nn.Conv2d(1, 20, 5);
        using var input = torch.randn(batch, 1, height, width);
        Skip.IfNot(SingleChannelConvPoolReLU.Applies(input, conv), "this CPU has no AVX-512: the layers are the only path");
        using var upstream = torch.randn(batch, 20, (height - 4) / 2, (width - 4) / 2);

        var (expected, expectedWeight, expectedBias) = Run(conv, () => nn.functional.relu(nn.functional.max_pool2d(conv.call(input), 2)), upstream);
        var (actual, actualWeight, actualBias) = Run(conv, () => SingleChannelConvPoolReLU.Forward(input, conv.weight!, conv.bias!), upstream);

        AssertClose("output", expected, actual, 1e-5);
        AssertClose("weight gradient", expectedWeight, actualWeight, 1e-4);
        AssertClose("bias gradient", expectedBias, actualBias, 1e-4);
        Assert.Contains(expected, v => v == 0f); // ReLU cut some outputs, whose gradient must not pass
    }

    [SkippableFact]
    public void WithoutGradientsItOnlyComputesTheValues()
    {
        torch.manual_seed(12);
        using var conv = nn.Conv2d(1, 20, 5);
        using var input = torch.randn(2, 1, 64, 173);
        Skip.IfNot(SingleChannelConvPoolReLU.Applies(input, conv), "this CPU has no AVX-512");
        float[] expected, actual;
        using (torch.no_grad())
        {
            using var layers = nn.functional.relu(nn.functional.max_pool2d(conv.call(input), 2));
            using var fused = SingleChannelConvPoolReLU.Forward(input, conv.weight!, conv.bias!);
            Assert.False(fused.requires_grad);
            Assert.Equal(layers.shape, fused.shape);
            expected = layers.contiguous().data<float>().ToArray();
            actual = fused.contiguous().data<float>().ToArray();
        }
        AssertClose("output", expected, actual, 1e-5);
    }

    [Fact]
    public void AnInputThatNeedsAGradientOrAnotherKernelTakesTheLayers()
    {
        using var conv = nn.Conv2d(1, 20, 5);
        using var wide = nn.Conv2d(1, 20, 3);
        using var input = torch.randn(1, 1, 20, 20);
        using var tracked = torch.randn(1, 1, 20, 20).requires_grad_();
        Assert.False(SingleChannelConvPoolReLU.Applies(tracked, conv));
        Assert.False(SingleChannelConvPoolReLU.Applies(input, wide));
        using var twoChannels = torch.randn(1, 2, 20, 20);
        Assert.False(SingleChannelConvPoolReLU.Applies(twoChannels, conv));
    }

    private static (float[] Output, float[] Weight, float[] Bias) Run(TorchSharp.Modules.Conv2d conv, Func<Tensor> forward, Tensor upstream)
    {
        conv.zero_grad();
        using var scope = torch.NewDisposeScope();
        var y = forward();
        (y * upstream).sum().backward();
        return (y.contiguous().data<float>().ToArray(), conv.weight!.grad!.data<float>().ToArray(), conv.bias!.grad!.data<float>().ToArray());
    }

    private void AssertClose(string what, float[] expected, float[] actual, double relative)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = expected.Max(v => Math.Abs(v)), worst = 0;
        for (int i = 0; i < expected.Length; i++) worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
        output.WriteLine($"{what}: max |fused - layers| = {worst:E2} (max |value| {scale:F3})");
        Assert.True(scale > 0, $"{what} is all zero");
        Assert.True(worst <= relative * scale, $"{what}: max difference {worst:E2} > {relative} × {scale:F3}");
    }
}
