using static TorchSharp.torch;

namespace MusicGenre.Models;

/// <summary>A layer's name and the shape of its output, as in a Keras <c>model.summary()</c> table.</summary>
/// <param name="Layer">Layer name (the module field name).</param>
/// <param name="OutputShape">Output shape including the batch dimension.</param>
public sealed record LayerShape(string Layer, long[] OutputShape)
{
    /// <inheritdoc />
    public override string ToString() => $"{Layer}: [{string.Join(", ", OutputShape)}]";
}

/// <summary>A network that can list each layer's output shape for a given input (used by tests and <c>info</c> tools).</summary>
public interface ILayerShapeTracing
{
    /// <summary>Runs <paramref name="input"/> through the network and records each layer's output shape.</summary>
    /// <param name="input">A batch shaped <c>[batch, 1, NMels, WindowFrames]</c>.</param>
    IReadOnlyList<LayerShape> TraceShapes(Tensor input);
}
