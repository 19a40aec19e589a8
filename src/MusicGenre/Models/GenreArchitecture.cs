using TorchSharp;
using static TorchSharp.torch;

namespace MusicGenre.Models;

/// <summary>
/// Describes one network architecture the genre trainer can build. Adding an architecture is one new file: a
/// module plus a non-abstract subclass of this type with a public parameterless constructor (found automatically
/// in this assembly) or registered with <see cref="GenreArchitectures.Register"/>.
/// </summary>
/// <remarks>
/// Networks take a batch of standardised log-mel windows shaped <c>[batch, 1, NMels, WindowFrames]</c> and return
/// unnormalised logits <c>[batch, Classes]</c> (softmax is applied by the trainer and at prediction).
/// </remarks>
public abstract class GenreArchitecture
{
    /// <summary>The name stored in options and model files, for example <c>cnn-lstm</c> (lower case, stable).</summary>
    public abstract string Name { get; }

    /// <summary>A one-line description (layers, parameter count, origin).</summary>
    public abstract string Description { get; }

    /// <summary>Lists what is wrong with <paramref name="shape"/> for this architecture; empty when it fits.</summary>
    /// <param name="shape">Input and output sizes.</param>
    public virtual IReadOnlyList<string> ValidateShape(GenreNetworkShape shape)
    {
        var problems = new List<string>();
        if (shape.NMels < 16) problems.Add($"{Name} needs at least 16 mel bands (NMels = {shape.NMels}).");
        if (shape.WindowFrames < 16) problems.Add($"{Name} needs windows of at least 16 frames (WindowFrames = {shape.WindowFrames}).");
        if (shape.Classes < 2) problems.Add($"{Name} needs at least 2 classes (got {shape.Classes}).");
        return problems;
    }

    /// <summary>Creates a freshly initialised network (uses torch's global generator: seed it first).</summary>
    /// <param name="shape">Input and output sizes; must pass <see cref="ValidateShape"/>.</param>
    public abstract nn.Module<Tensor, Tensor> Create(GenreNetworkShape shape);

    /// <summary>Throws one <see cref="ArgumentException"/> listing every problem with <paramref name="shape"/>.</summary>
    /// <param name="shape">Input and output sizes.</param>
    protected void EnsureValid(GenreNetworkShape shape)
    {
        var problems = ValidateShape(shape);
        if (problems.Count > 0)
            throw new ArgumentException(string.Join(" ", problems), nameof(shape));
    }
}
