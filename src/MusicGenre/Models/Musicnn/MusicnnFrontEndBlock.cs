using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MusicGenre.Models.Musicnn;

/// <summary>
/// One branch of musicnn's musically motivated front end: a 2-D convolution over (time, mel) with zero padding in
/// time only, ReLU, batch normalisation, then max pooling over every remaining frequency position.
/// Input <c>[N, 1, T, 96]</c> (after the input batch norm); output <c>[N, Filters, T]</c>.
/// </summary>
/// <remarks>
/// Timbral branches use a tall-and-wide kernel (7 frames × a fraction of the mel bands, padding 3/3 in time);
/// temporal branches use a 1-band kernel over 128/64/32 frames with TensorFlow's "same" padding (the extra frame
/// goes after). Not thread-safe (a TorchSharp module).
/// </remarks>
internal sealed class MusicnnFrontEndBlock : Module<Tensor, Tensor>
{
    private readonly Conv2d conv;
    private readonly BatchNorm2d bn;
    private readonly long padBefore;
    private readonly long padAfter;

    /// <summary>Creates a branch.</summary>
    /// <param name="name">Module name.</param>
    /// <param name="filters">Output channels.</param>
    /// <param name="kernelTime">Kernel height in frames.</param>
    /// <param name="kernelMel">Kernel width in mel bands.</param>
    public MusicnnFrontEndBlock(string name, int filters, int kernelTime, int kernelMel) : base(name)
    {
        KernelTime = kernelTime;
        KernelMel = kernelMel;
        Filters = filters;
        // TensorFlow "same" (temporal) and the explicit 3/3 pad before a "valid" 7-frame conv (timbral) are both
        // total = k - 1, with the odd frame after.
        padBefore = (kernelTime - 1) / 2;
        padAfter = kernelTime - 1 - padBefore;
        conv = nn.Conv2d(1, filters, (kernelTime, kernelMel));
        bn = nn.BatchNorm2d(filters, eps: MusicnnArchitecture.BatchNormEpsilon);
        RegisterComponents();
    }

    /// <summary>Kernel height in frames.</summary>
    public int KernelTime { get; }

    /// <summary>Kernel width in mel bands.</summary>
    public int KernelMel { get; }

    /// <summary>Output channels.</summary>
    public int Filters { get; }

    /// <summary>The convolution (for weight loading).</summary>
    public Conv2d Conv => conv;

    /// <summary>The batch norm after the ReLU (for weight loading).</summary>
    public BatchNorm2d BatchNorm => bn;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        using var padded = nn.functional.pad(input, [0, 0, padBefore, padAfter]);
        using var convolved = conv.forward(padded);
        using var activated = nn.functional.relu(convolved);
        using var normalised = bn.forward(activated);
        return normalised.amax(new long[] { 3 }).MoveToOuterDisposeScope();
    }
}
