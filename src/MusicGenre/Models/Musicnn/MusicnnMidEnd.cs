using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MusicGenre.Models.Musicnn;

/// <summary>
/// musicnn's mid end: three 1-D convolutions over time (7 frames, "same" padding), each followed by ReLU and batch
/// norm, the second and third with a residual connection; the output is the dense concatenation of the front-end
/// features and the three layers. Input <c>[N, 561, T]</c>; output <c>[N, 561 + 3·64, T]</c>.
/// Not thread-safe (a TorchSharp module).
/// </summary>
internal sealed class MusicnnMidEnd : Module<Tensor, Tensor>
{
    private readonly Conv1d conv1;
    private readonly BatchNorm1d bn1;
    private readonly Conv1d conv2;
    private readonly BatchNorm1d bn2;
    private readonly Conv1d conv3;
    private readonly BatchNorm1d bn3;

    /// <summary>Creates the mid end.</summary>
    /// <param name="name">Module name.</param>
    /// <param name="inputChannels">Channels out of the front end.</param>
    /// <param name="filters">Channels of each mid-end layer.</param>
    public MusicnnMidEnd(string name, int inputChannels, int filters) : base(name)
    {
        var k = MusicnnArchitecture.MidEndKernel;
        conv1 = nn.Conv1d(inputChannels, filters, k, padding: k / 2);
        bn1 = nn.BatchNorm1d(filters, eps: MusicnnArchitecture.BatchNormEpsilon);
        conv2 = nn.Conv1d(filters, filters, k, padding: k / 2);
        bn2 = nn.BatchNorm1d(filters, eps: MusicnnArchitecture.BatchNormEpsilon);
        conv3 = nn.Conv1d(filters, filters, k, padding: k / 2);
        bn3 = nn.BatchNorm1d(filters, eps: MusicnnArchitecture.BatchNormEpsilon);
        RegisterComponents();
    }

    /// <summary>The three (convolution, batch norm) pairs, in order (for weight loading).</summary>
    public IReadOnlyList<(Conv1d Conv, BatchNorm1d BatchNorm)> Layers => [(conv1, bn1), (conv2, bn2), (conv3, bn3)];

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var out1 = bn1.forward(nn.functional.relu(conv1.forward(input)));
        var out2 = bn2.forward(nn.functional.relu(conv2.forward(out1))).add_(out1);
        var out3 = bn3.forward(nn.functional.relu(conv3.forward(out2))).add_(out2);
        return torch.cat([input, out1, out2, out3], 1).MoveToOuterDisposeScope();
    }
}
