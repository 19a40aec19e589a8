using MusicGenre.Models;
using MusicGenre.Tests.TestInfrastructure;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace MusicGenre.Tests.Models;

/// <summary>
/// The networks with their CPU fast paths (channels-last layouts; the seed networks' fused first block and pooling
/// before ReLU) against the same networks with the fast paths off: outputs and every parameter's gradient.
/// </summary>
[Collection(ProcessSettingsCollection.Name)]
public class CpuFastPathsTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(GenreArchitectures.CnnLstm, 64, 173)]
    [InlineData(GenreArchitectures.CnnGru, 64, 173)]
    [InlineData(GenreArchitectures.CnnLstm, 65, 171)]
    [InlineData(GenreArchitectures.Crnn, 64, 173)]
    public void OutputsAndGradientsEqualTheLayersWithoutFastPaths(string architecture, int nMels, int frames)
    {
        torch.manual_seed(3);
        using var network = GenreArchitectures.Get(architecture).Create(new GenreNetworkShape(nMels, frames, 10));
        // The CRNN's dropout would draw other masks for another memory layout: compare it with dropout off (its
        // batch norms then use their running statistics, and the gradients still flow through them).
        if (architecture == GenreArchitectures.Crnn) network.eval();
        else network.train();
        using var input = torch.randn(4, 1, nMels, frames);
        using var target = torch.tensor(new long[] { 0, 3, 7, 9 });

        var fast = Step(network, input, target, fastPaths: true);
        var layers = Step(network, input, target, fastPaths: false);

        AssertClose("logits", layers.Logits, fast.Logits);
        foreach (var (name, gradient) in layers.Gradients) AssertClose(name + " gradient", gradient, fast.Gradients[name]);
        float[] inferenceFast, inferenceLayers;
        using (torch.no_grad())
        {
            inferenceFast = Logits(network, input, fastPaths: true);
            inferenceLayers = Logits(network, input, fastPaths: false);
        }
        AssertClose("no_grad logits", inferenceLayers, inferenceFast);
    }

    private static (float[] Logits, Dictionary<string, float[]> Gradients) Step(nn.Module<Tensor, Tensor> network, Tensor input, Tensor target, bool fastPaths)
    {
        var saved = CpuFastPaths.Enabled;
        CpuFastPaths.Enabled = fastPaths;
        try
        {
            network.zero_grad();
            using var scope = torch.NewDisposeScope();
            var logits = network.call(input);
            nn.functional.cross_entropy(logits, target).backward();
            return (logits.detach().data<float>().ToArray(),
                network.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!.data<float>().ToArray()));
        }
        finally
        {
            CpuFastPaths.Enabled = saved;
        }
    }

    private static float[] Logits(nn.Module<Tensor, Tensor> network, Tensor input, bool fastPaths)
    {
        var saved = CpuFastPaths.Enabled;
        CpuFastPaths.Enabled = fastPaths;
        try
        {
            using var logits = network.call(input);
            return logits.data<float>().ToArray();
        }
        finally
        {
            CpuFastPaths.Enabled = saved;
        }
    }

    private void AssertClose(string what, float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = expected.Max(v => Math.Abs(v)), worst = 0;
        for (int i = 0; i < expected.Length; i++) worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
        output.WriteLine($"{what}: max |fast - layers| = {worst:E2} (max |value| {scale:E2})");
        Assert.True(worst <= 1e-4 * Math.Max(scale, 1e-3), $"{what}: max difference {worst:E2} against max |value| {scale:E2}");
    }
}
