using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MusicGenre.Models;

/// <summary>
/// The seed's networks, exactly: <see cref="SeedConvFrontEnd"/> (two 5×5 conv + pool blocks, Dense 20), the 20
/// values read as a sequence of 20 steps × 1 feature, an LSTM or GRU of 512 units (last step), Dense to the genres.
/// For 1×64×173 and 10 genres: CNN-LSTM 1,605,440 parameters (Keras's 1,603,392 plus the LSTM's second bias, 2,048);
/// CNN-GRU 1,341,760 (Keras's 1,340,224 plus the GRU's second bias, 1,536). Initialised as Keras does.
/// </summary>
/// <remarks>Input <c>[B, 1, NMels, Frames]</c>, output logits <c>[B, Classes]</c>. Not thread-safe for training.</remarks>
internal sealed class SeedCnnRecurrentNetwork : nn.Module<Tensor, Tensor>, ILayerShapeTracing
{
    /// <summary>Hidden units of the recurrent layer.</summary>
    public const int HiddenUnits = 512;

    private readonly SeedConvFrontEnd front;
    private readonly LSTM? lstm;
    private readonly GRU? gru;
    private readonly Linear output;

    /// <summary>Creates the network for the given shape.</summary>
    /// <param name="shape">Input and output sizes.</param>
    /// <param name="recurrent">LSTM (CNN-LSTM) or GRU (CNN-GRU).</param>
    public SeedCnnRecurrentNetwork(GenreNetworkShape shape, SeedRecurrentLayer recurrent) : base(nameof(SeedCnnRecurrentNetwork))
    {
        Recurrent = recurrent;
        front = new SeedConvFrontEnd(shape.NMels, shape.WindowFrames);
        if (recurrent == SeedRecurrentLayer.Lstm) lstm = nn.LSTM(1, HiddenUnits, batchFirst: true);
        else gru = nn.GRU(1, HiddenUnits, batchFirst: true);
        output = nn.Linear(HiddenUnits, shape.Classes);
        RegisterComponents();
        KerasInitialization.Apply(this);
    }

    /// <summary>Which recurrent layer this network uses.</summary>
    public SeedRecurrentLayer Recurrent { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return output.call(Recur(front.call(input).unsqueeze(-1))).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public IReadOnlyList<LayerShape> TraceShapes(Tensor input)
    {
        using var scope = NewDisposeScope();
        var shapes = new List<LayerShape>();
        front.TraceShapes(input, shapes);
        var sequence = front.call(input).unsqueeze(-1);
        shapes.Add(new LayerShape("reshape", sequence.shape));
        var last = Recur(sequence);
        shapes.Add(new LayerShape(Recurrent == SeedRecurrentLayer.Lstm ? "lstm" : "gru", last.shape));
        shapes.Add(new LayerShape("output", output.call(last).shape));
        return shapes;
    }

    /// <summary>Runs the recurrent layer over <c>[B, 20, 1]</c> and returns the last step <c>[B, 512]</c>.</summary>
    private Tensor Recur(Tensor sequence)
    {
        var all = lstm is not null ? lstm.call(sequence).Item1 : gru!.call(sequence).Item1;
        return all[.., -1, ..];
    }
}
