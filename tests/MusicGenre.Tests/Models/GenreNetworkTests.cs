using MusicGenre.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace MusicGenre.Tests.Models;

/// <summary>Layer shapes and parameter counts against the seed's Keras summary table.</summary>
public class GenreNetworkTests
{
    private static readonly GenreNetworkShape Seed = new(64, 173, 10);

    private static long ParameterCount(nn.Module module) => module.parameters().Sum(p => p.numel());

    private static string[] Trace(nn.Module<Tensor, Tensor> network)
    {
        using var input = torch.zeros(2, 1, 64, 173);
        network.eval();
        return ((ILayerShapeTracing)network).TraceShapes(input).Select(s => s.ToString()).ToArray();
    }

    [Fact]
    public void CnnLstmMatchesTheSeedTableLayerByLayer()
    {
        using var network = GenreArchitectures.Get(GenreArchitectures.CnnLstm).Create(Seed);
        // The seed's table (Keras, channels last) in PyTorch's [batch, channels, mels, frames] order.
        string[] expected =
        [
            "conv1: [2, 20, 60, 169]", "relu1: [2, 20, 60, 169]", "pool1: [2, 20, 30, 84]",
            "conv2: [2, 50, 26, 80]", "relu2: [2, 50, 26, 80]", "pool2: [2, 50, 13, 40]",
            "flatten: [2, 26000]", "dense: [2, 20]", "reshape: [2, 20, 1]", "lstm: [2, 512]", "output: [2, 10]",
        ];
        Assert.Equal(expected, Trace(network));
        Assert.Equal(1_605_440, ParameterCount(network));
    }

    [Theory]
    [InlineData(64, 173)] // the seed: conv maps 60×169 (odd width) and 26×80
    [InlineData(65, 171)] // odd heights and widths at both pools
    public void CnnLstmInferencePathEqualsTheLayerByLayerPath(int nMels, int frames)
    {
        // Under no_grad the front end pools with strided maxima; with gradients on it runs MaxPool2d (both before ReLU).
        torch.manual_seed(7);
        using var network = GenreArchitectures.Get(GenreArchitectures.CnnLstm).Create(new GenreNetworkShape(nMels, frames, 4));
        network.eval();
        using var input = torch.randn(3, 1, nMels, frames);
        using var layerByLayer = network.call(input).detach();
        Tensor fast;
        using (torch.no_grad()) fast = network.call(input);
        using (fast)
        {
            Assert.Equal(new long[] { 3, 4 }, fast.shape);
            // Not bit-equal: libtorch picks other conv/LSTM kernels with gradients on (differences ~1e-8 here).
            var expected = layerByLayer.data<float>().ToArray();
            var actual = fast.data<float>().ToArray();
            for (int i = 0; i < expected.Length; i++) Assert.InRange(actual[i], expected[i] - 1e-6f, expected[i] + 1e-6f);
        }
    }

    [Fact]
    public void CnnGruMatchesTheSeedComparison()
    {
        using var network = GenreArchitectures.Get(GenreArchitectures.CnnGru).Create(Seed);
        var shapes = Trace(network);
        Assert.Equal("flatten: [2, 26000]", shapes[6]);
        Assert.Equal("gru: [2, 512]", shapes[9]);
        Assert.Equal("output: [2, 10]", shapes[10]);
        Assert.Equal(1_341_760, ParameterCount(network));
    }

    [Fact]
    public void CrnnShrinksFrequencyFasterThanTimeAndHasAbout400kParameters()
    {
        using var network = GenreArchitectures.Get(GenreArchitectures.Crnn).Create(Seed);
        string[] expected =
        [
            "block1: [2, 64, 32, 86]", "block2: [2, 128, 16, 43]", "block3: [2, 128, 4, 21]", "block4: [2, 128, 1, 10]",
            "sequence: [2, 10, 128]", "gru: [2, 32]", "output: [2, 10]",
        ];
        Assert.Equal(expected, Trace(network));
        var count = ParameterCount(network);
        Assert.InRange(count, 350_000, 450_000);
    }

    [Theory]
    [InlineData(GenreArchitectures.CnnLstm)]
    [InlineData(GenreArchitectures.CnnGru)]
    [InlineData(GenreArchitectures.Crnn)]
    public void ForwardGivesLogitsPerClassForOtherShapes(string name)
    {
        using var network = GenreArchitectures.Get(name).Create(new GenreNetworkShape(32, 40, 3));
        network.eval();
        using var input = torch.randn(4, 1, 32, 40);
        using var output = network.call(input);
        Assert.Equal(new long[] { 4, 3 }, output.shape);
    }

    [Fact]
    public void RegistryListsBuiltInsAndRejectsUnknownNamesAndBadShapes()
    {
        Assert.Contains(GenreArchitectures.CnnLstm, GenreArchitectures.Names);
        Assert.Contains(GenreArchitectures.CnnGru, GenreArchitectures.Names);
        Assert.Contains(GenreArchitectures.Crnn, GenreArchitectures.Names);
        var unknown = Assert.Throws<ArgumentException>(() => GenreArchitectures.Get("System.IO.File"));
        Assert.Contains("cnn-lstm", unknown.Message);
        var bad = Assert.Throws<ArgumentException>(() => GenreArchitectures.Get("CNN-LSTM").Create(new GenreNetworkShape(8, 10, 1)));
        Assert.Contains("16 mel bands", bad.Message);
        Assert.Contains("2 classes", bad.Message);
    }
}
