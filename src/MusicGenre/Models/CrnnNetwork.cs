using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MusicGenre.Models;

/// <summary>
/// A time-preserving convolutional-recurrent network in the style of Choi et al. 2017 ("Convolutional recurrent
/// neural networks for music classification"): four blocks of 3×3 convolution (64, 128, 128, 128 channels), batch
/// norm, ELU, max pooling that shrinks frequency (2, 2, 4, 4) faster than time (2, 2, 2, 2) and dropout 0.1; the
/// remaining frequency axis is averaged; a 2-layer GRU (32 units, dropout 0.1) reads the time steps; dropout 0.3 and a
/// dense layer give the genres. About 0.39 M parameters at 64×173 and 10 genres.
/// </summary>
/// <remarks>Input <c>[B, 1, NMels, Frames]</c>, output logits <c>[B, Classes]</c>. Not thread-safe for training.</remarks>
internal sealed class CrnnNetwork : nn.Module<Tensor, Tensor>, ILayerShapeTracing
{
    /// <summary>Channels of the four convolution blocks.</summary>
    public static readonly int[] Channels = [64, 128, 128, 128];

    /// <summary>Frequency pooling of the four blocks (capped by the remaining height).</summary>
    public static readonly int[] FrequencyPools = [2, 2, 4, 4];

    /// <summary>Time pooling of the four blocks (capped by the remaining width).</summary>
    public static readonly int[] TimePools = [2, 2, 2, 2];

    /// <summary>Hidden units of each GRU layer.</summary>
    public const int HiddenUnits = 32;

    private readonly ModuleList<nn.Module<Tensor, Tensor>> blocks;
    private readonly GRU gru;
    private readonly Dropout dropout;
    private readonly Linear output;

    /// <summary>Creates the network for the given shape.</summary>
    /// <param name="shape">Input and output sizes.</param>
    public CrnnNetwork(GenreNetworkShape shape) : base(nameof(CrnnNetwork))
    {
        blocks = nn.ModuleList<nn.Module<Tensor, Tensor>>();
        int inChannels = 1, height = shape.NMels, width = shape.WindowFrames;
        for (int i = 0; i < Channels.Length; i++)
        {
            int pf = Math.Max(1, Math.Min(FrequencyPools[i], height)), pt = Math.Max(1, Math.Min(TimePools[i], width));
            blocks.Add(nn.Sequential(
                ("conv", nn.Conv2d(inChannels, Channels[i], 3, padding: 1)),
                ("norm", nn.BatchNorm2d(Channels[i])),
                ("elu", nn.ELU()),
                ("pool", nn.MaxPool2d(new long[] { pf, pt })),
                ("dropout", nn.Dropout(0.1))));
            inChannels = Channels[i];
            height /= pf;
            width /= pt;
        }
        gru = nn.GRU(inChannels, HiddenUnits, numLayers: 2, batchFirst: true, dropout: 0.1);
        dropout = nn.Dropout(0.3);
        output = nn.Linear(HiddenUnits, shape.Classes);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        // Channels-last memory (see ChannelsLast) unless the CPU fast paths are off; the same values.
        var x = CpuFastPaths.Enabled ? ChannelsLast.Of(input) : input;
        foreach (var block in blocks) x = block.call(x);
        var sequence = x.mean([2]).transpose(1, 2); // [B, T', C]
        var (all, _) = gru.call(sequence);
        return output.call(dropout.call(all[.., -1, ..])).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public IReadOnlyList<LayerShape> TraceShapes(Tensor input)
    {
        using var scope = NewDisposeScope();
        var shapes = new List<LayerShape>();
        var x = input;
        for (int i = 0; i < blocks.Count; i++)
        {
            x = blocks[i].call(x);
            shapes.Add(new LayerShape($"block{i + 1}", x.shape));
        }
        var sequence = x.mean([2]).transpose(1, 2);
        shapes.Add(new LayerShape("sequence", sequence.shape));
        var (all, _) = gru.call(sequence);
        var last = all[.., -1, ..];
        shapes.Add(new LayerShape("gru", last.shape));
        shapes.Add(new LayerShape("output", output.call(last).shape));
        return shapes;
    }
}

/// <summary>Registers <see cref="CrnnNetwork"/> as <see cref="GenreArchitectures.Crnn"/>.</summary>
internal sealed class CrnnArchitecture : GenreArchitecture
{
    /// <inheritdoc />
    public override string Name => GenreArchitectures.Crnn;

    /// <inheritdoc />
    public override string Description => "CRNN (Choi et al. 2017 style): 4×(Conv 3×3, BatchNorm, ELU, MaxPool, Dropout), 2-layer GRU 32, Dense (~0.39 M parameters).";

    /// <inheritdoc />
    public override nn.Module<Tensor, Tensor> Create(GenreNetworkShape shape)
    {
        EnsureValid(shape);
        return new CrnnNetwork(shape);
    }
}
