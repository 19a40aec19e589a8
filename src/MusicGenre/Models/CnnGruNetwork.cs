using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MusicGenre.Models;

/// <summary>
/// The seed's CNN-GRU, exactly: <see cref="SeedConvFrontEnd"/> (two 5×5 conv + pool blocks, Dense 20), the 20 values
/// read as a sequence of 20 steps × 1 feature, GRU 512 (last step), Dense to the genres.
/// For 1×64×173 and 10 genres: 1,341,760 parameters (Keras's 1,340,224 plus the GRU's second bias, 1,536).
/// </summary>
/// <remarks>Input <c>[B, 1, NMels, Frames]</c>, output logits <c>[B, Classes]</c>. Not thread-safe for training.</remarks>
public sealed class CnnGruNetwork : nn.Module<Tensor, Tensor>, ILayerShapeTracing
{
    /// <summary>Hidden units of the GRU.</summary>
    public const int HiddenUnits = 512;

    private readonly SeedConvFrontEnd front;
    private readonly GRU gru;
    private readonly Linear output;

    /// <summary>Creates the network for the given shape.</summary>
    /// <param name="shape">Input and output sizes.</param>
    public CnnGruNetwork(GenreNetworkShape shape) : base(nameof(CnnGruNetwork))
    {
        front = new SeedConvFrontEnd(shape.NMels, shape.WindowFrames);
        gru = nn.GRU(1, HiddenUnits, batchFirst: true);
        output = nn.Linear(HiddenUnits, shape.Classes);
        RegisterComponents();
        KerasInitialization.Apply(this);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var sequence = front.call(input).unsqueeze(-1); // [B, 20, 1]
        var (all, _) = gru.call(sequence);
        var last = all[.., -1, ..];
        return output.call(last).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public IReadOnlyList<LayerShape> TraceShapes(Tensor input)
    {
        using var scope = NewDisposeScope();
        var shapes = new List<LayerShape>();
        front.TraceShapes(input, shapes);
        var sequence = front.call(input).unsqueeze(-1);
        shapes.Add(new LayerShape("reshape", sequence.shape));
        var (all, _) = gru.call(sequence);
        var last = all[.., -1, ..];
        shapes.Add(new LayerShape("gru", last.shape));
        shapes.Add(new LayerShape("output", output.call(last).shape));
        return shapes;
    }
}

/// <summary>Registers <see cref="CnnGruNetwork"/> as <see cref="GenreArchitectures.CnnGru"/>.</summary>
public sealed class CnnGruArchitecture : GenreArchitecture
{
    /// <inheritdoc />
    public override string Name => GenreArchitectures.CnnGru;

    /// <inheritdoc />
    public override string Description => "Seed CNN-GRU: 2×(Conv 5×5, ReLU, MaxPool 2), Dense 20, GRU 512, Dense (1,341,760 parameters at 64×173, 10 genres).";

    /// <inheritdoc />
    public override nn.Module<Tensor, Tensor> Create(GenreNetworkShape shape)
    {
        EnsureValid(shape);
        return new CnnGruNetwork(shape);
    }
}
