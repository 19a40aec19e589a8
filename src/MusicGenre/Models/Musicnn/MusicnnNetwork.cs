using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MusicGenre.Models.Musicnn;

/// <summary>
/// The MSD musicnn network (Pons &amp; Serra 2019) in TorchSharp, up to its 200-unit penultimate dense layer:
/// input batch norm; a musically motivated front end (two timbral branches, 7×38 and 7×67, and three temporal
/// branches, 128×1, 64×1 and 32×1, each conv → ReLU → batch norm → max over frequency); a mid end of three residual
/// 1-D convolutions (64 filters, 7 frames) densely concatenated; max and mean pooling over time (interleaved per channel); batch norm; dense 200.
/// </summary>
/// <remarks>
/// <para>Input <c>[N, T, 96]</c> log-compressed mel patches (see <c>MusicGenre.Features.MusicnnFeatures</c>), normally
/// T = <see cref="MusicnnArchitecture.PatchFrames"/> = 187; output <c>[N, 200]</c>, the embedding musicnn calls
/// <c>model/dense/BiasAdd</c> (before ReLU). Call <c>eval()</c> before extracting embeddings (batch norms use their
/// running statistics and dropout is off); a new network is in training mode, as every TorchSharp module.</para>
/// <para>Pretrained weights: <see cref="MusicnnWeights"/> (<see cref="MusicnnWeights.License"/>). Not thread-safe:
/// use one network per thread, or serialise calls.</para>
/// </remarks>
public sealed class MusicnnNetwork : Module<Tensor, Tensor>
{
    private readonly BatchNorm2d input_bn;
    private readonly ModuleList<MusicnnFrontEndBlock> front_end;
    private readonly MusicnnMidEnd mid_end;
    private readonly BatchNorm1d pool_bn;
    private readonly Dropout pool_dropout;
    private readonly Linear dense;

    /// <summary>Creates a network with random weights (load pretrained ones with <see cref="MusicnnWeights"/>).</summary>
    public MusicnnNetwork() : base(nameof(MusicnnNetwork))
    {
        input_bn = nn.BatchNorm2d(1, eps: MusicnnArchitecture.BatchNormEpsilon);
        front_end = nn.ModuleList(MusicnnArchitecture.FrontEnd
            .Select(b => new MusicnnFrontEndBlock(b.Name, b.Filters, b.KernelTime, b.KernelMel)).ToArray());
        mid_end = new MusicnnMidEnd("mid_end", MusicnnArchitecture.FrontEndChannels, MusicnnArchitecture.MidEndFilters);
        pool_bn = nn.BatchNorm1d(2 * MusicnnArchitecture.PooledChannels, eps: MusicnnArchitecture.BatchNormEpsilon);
        pool_dropout = nn.Dropout(0.5);
        dense = nn.Linear(2 * MusicnnArchitecture.PooledChannels, MusicnnArchitecture.EmbeddingSize);
        RegisterComponents();
    }

    internal BatchNorm2d InputBatchNorm => input_bn;

    internal IList<MusicnnFrontEndBlock> FrontEnd => front_end;

    internal MusicnnMidEnd MidEnd => mid_end;

    internal BatchNorm1d PoolBatchNorm => pool_bn;

    internal Linear Dense => dense;

    /// <summary>Computes embeddings.</summary>
    /// <param name="input">Patches <c>[N, T, 96]</c>, float32.</param>
    /// <returns>Embeddings <c>[N, 200]</c> (pre-ReLU output of the penultimate dense layer).</returns>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.dim() != 3 || input.shape[2] != MusicnnArchitecture.MelBands)
            throw new ArgumentException($"musicnn expects patches [N, T, {MusicnnArchitecture.MelBands}]; got [{string.Join(", ", input.shape)}].", nameof(input));
        using var scope = NewDisposeScope();
        var pooled = MusicnnInference.Applies(this, input) ? MusicnnInference.Pool(this, input) : PoolLayerByLayer(input);
        var embedding = dense.forward(pool_dropout.forward(pool_bn.forward(pooled)));
        return embedding.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Input batch norm, front end, mid end and pooling as TorchSharp layers (training, gradients, other devices and
    /// CPUs; <see cref="MusicnnInference"/> computes the same under no_grad in evaluation mode).
    /// </summary>
    private Tensor PoolLayerByLayer(Tensor input)
    {
        var x = input_bn.forward(input.unsqueeze(1));
        var branches = new Tensor[front_end.Count];
        for (var i = 0; i < branches.Length; i++) branches[i] = front_end[i].forward(x);
        var midEnd = mid_end.forward(torch.cat(branches, 1));
        // musicnn concatenates max and mean on a trailing axis before flattening, so they interleave per channel:
        // [max c0, mean c0, max c1, mean c1, ...].
        return torch.stack([midEnd.amax(new long[] { 2 }), midEnd.mean(new long[] { 2 })], 2).flatten(1);
    }
}
