using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MusicGenre.Models;

/// <summary>
/// The seed's CNN-LSTM, exactly: <see cref="SeedConvFrontEnd"/> (two 5×5 conv + pool blocks, Dense 20), the 20 values
/// read as a sequence of 20 steps × 1 feature, LSTM 512 (last step), Dense to the genres.
/// For 1×64×173 and 10 genres: 1,605,440 parameters (Keras's 1,603,392 plus the LSTM's second bias, 2,048).
/// </summary>
/// <remarks>Input <c>[B, 1, NMels, Frames]</c>, output logits <c>[B, Classes]</c>. Not thread-safe for training.</remarks>
public sealed class CnnLstmNetwork : nn.Module<Tensor, Tensor>, ILayerShapeTracing
{
    /// <summary>Hidden units of the LSTM.</summary>
    public const int HiddenUnits = 512;

    private readonly SeedConvFrontEnd front;
    private readonly LSTM lstm;
    private readonly Linear output;

    /// <summary>Creates the network for the given shape.</summary>
    /// <param name="shape">Input and output sizes.</param>
    public CnnLstmNetwork(GenreNetworkShape shape) : base(nameof(CnnLstmNetwork))
    {
        front = new SeedConvFrontEnd(shape.NMels, shape.WindowFrames);
        lstm = nn.LSTM(1, HiddenUnits, batchFirst: true);
        output = nn.Linear(HiddenUnits, shape.Classes);
        RegisterComponents();
        KerasInitialization.Apply(this);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var sequence = front.call(input).unsqueeze(-1); // [B, 20, 1]
        var (all, _, _) = lstm.call(sequence);
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
        var (all, _, _) = lstm.call(sequence);
        var last = all[.., -1, ..];
        shapes.Add(new LayerShape("lstm", last.shape));
        shapes.Add(new LayerShape("output", output.call(last).shape));
        return shapes;
    }
}

/// <summary>Registers <see cref="CnnLstmNetwork"/> as <see cref="GenreArchitectures.CnnLstm"/>.</summary>
public sealed class CnnLstmArchitecture : GenreArchitecture
{
    /// <inheritdoc />
    public override string Name => GenreArchitectures.CnnLstm;

    /// <inheritdoc />
    public override string Description => "Seed CNN-LSTM: 2×(Conv 5×5, ReLU, MaxPool 2), Dense 20, LSTM 512, Dense (1,605,440 parameters at 64×173, 10 genres).";

    /// <inheritdoc />
    public override nn.Module<Tensor, Tensor> Create(GenreNetworkShape shape)
    {
        EnsureValid(shape);
        return new CnnLstmNetwork(shape);
    }
}
