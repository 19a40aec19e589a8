using PureHDF;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MusicGenre.Models.Musicnn;

/// <summary>
/// Reads the Keras HDF5 checkpoint <c>MSD_musicnn.h5</c> (Keras conversion of musicnn by Elio Quinton) with PureHDF
/// and copies its tensors into a <see cref="MusicnnNetwork"/>, converting Keras layouts to TorchSharp's:
/// Conv2D <c>[kh, kw, in, out]</c> → <c>[out, in, kh, kw]</c>; the mid end's Conv2D <c>[7, 561, 1, 64]</c> (a 1-D
/// convolution written as 2-D) → Conv1d <c>[64, 561, 7]</c>; Dense <c>[in, out]</c> → Linear <c>[out, in]</c>;
/// BatchNormalization gamma/beta/moving mean/moving variance → weight/bias/running mean/running variance.
/// </summary>
internal static class MusicnnKerasCheckpoint
{
    private const string WeightsGroup = "model_weights";

    /// <summary>Copies the checkpoint's weights into <paramref name="network"/>.</summary>
    /// <exception cref="MusicnnWeightsException">The file is not a readable musicnn checkpoint; the message names the file and the layer.</exception>
    public static void LoadInto(MusicnnNetwork network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"musicnn weights not found: {path}", path);
        try
        {
            using var file = H5File.OpenRead(path);
            var root = file.Group(WeightsGroup);
            using var noGrad = torch.no_grad();
            LoadBatchNorm(root, "batch_normalization", network.InputBatchNorm.weight!, network.InputBatchNorm.bias!,
                network.InputBatchNorm.running_mean!, network.InputBatchNorm.running_var!, path);
            for (var i = 0; i < MusicnnArchitecture.FrontEnd.Count; i++)
            {
                var spec = MusicnnArchitecture.FrontEnd[i];
                var block = network.FrontEnd[i];
                var (kernel, bias) = ReadKernelAndBias(root, spec.KerasConv, path);
                // Keras [kh, kw, in, out] -> torch [out, in, kh, kw].
                CopyInto(block.Conv.weight!, kernel.Data, kernel.Shape, [3, 2, 0, 1], spec.KerasConv, path);
                CopyInto(block.Conv.bias!, bias.Data, bias.Shape, null, spec.KerasConv, path);
                LoadBatchNorm(root, spec.KerasBatchNorm, block.BatchNorm.weight!, block.BatchNorm.bias!,
                    block.BatchNorm.running_mean!, block.BatchNorm.running_var!, path);
            }
            for (var i = 0; i < network.MidEnd.Layers.Count; i++)
            {
                var (conv, bn) = network.MidEnd.Layers[i];
                var convName = $"midend_conv{i + 1}";
                var (kernel, bias) = ReadKernelAndBias(root, convName, path);
                // Keras Conv2D [k, in, 1, out] used as a 1-D convolution -> torch Conv1d [out, in, k].
                if (kernel.Shape.Length != 4 || kernel.Shape[2] != 1)
                    throw Invalid(path, convName, $"kernel shape [{string.Join(", ", kernel.Shape)}], expected [7, in, 1, 64]");
                CopyInto(conv.weight!, kernel.Data, [kernel.Shape[0], kernel.Shape[1], kernel.Shape[3]], [2, 1, 0], convName, path);
                CopyInto(conv.bias!, bias.Data, bias.Shape, null, convName, path);
                LoadBatchNorm(root, $"bn_midend_conv{i + 1}", bn.weight!, bn.bias!, bn.running_mean!, bn.running_var!, path);
            }
            var pool = network.PoolBatchNorm;
            LoadBatchNorm(root, "bn_flatpool", pool.weight!, pool.bias!, pool.running_mean!, pool.running_var!, path);
            var (denseKernel, denseBias) = ReadKernelAndBias(root, "dense", path);
            CopyInto(network.Dense.weight!, denseKernel.Data, denseKernel.Shape, [1, 0], "dense", path);
            CopyInto(network.Dense.bias!, denseBias.Data, denseBias.Shape, null, "dense", path);
        }
        catch (Exception e) when (e is not MusicnnWeightsException and not OperationCanceledException)
        {
            throw new MusicnnWeightsException(path, $"{path}: not a readable musicnn Keras checkpoint ({e.Message}).", e);
        }
    }

    /// <summary>Copies the batch norm that follows the 200-unit dense layer (<c>bn_dense</c>) into <paramref name="bn"/>.</summary>
    public static void LoadEmbeddingBatchNorm(BatchNorm1d bn, string path)
    {
        try
        {
            using var file = H5File.OpenRead(path);
            using var noGrad = torch.no_grad();
            LoadBatchNorm(file.Group(WeightsGroup), "bn_dense", bn.weight!, bn.bias!, bn.running_mean!, bn.running_var!, path);
        }
        catch (Exception e) when (e is not MusicnnWeightsException)
        {
            throw new MusicnnWeightsException(path, $"{path}: not a readable musicnn Keras checkpoint ({e.Message}).", e);
        }
    }

    /// <summary>
    /// Reads musicnn's own output layer: the batch norm after the 200-unit layer (<c>bn_dense</c>) and the 50-tag
    /// dense layer (<c>dense_1</c>, Keras <c>[200, 50]</c>).
    /// </summary>
    /// <exception cref="MusicnnWeightsException">The file is not a readable musicnn checkpoint; the message names the file and the layer.</exception>
    public static MusicnnTagHead ReadTagHead(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"musicnn weights not found: {path}", path);
        try
        {
            using var file = H5File.OpenRead(path);
            var root = file.Group(WeightsGroup);
            var bn = ReadLayer(root, "bn_dense", 4, path);
            foreach (var tensor in bn)
                if (tensor.Shape is not [MusicnnArchitecture.EmbeddingSize]) throw Invalid(path, "bn_dense", $"tensor [{string.Join(", ", tensor.Shape)}], expected [200]");
            var (kernel, bias) = ReadKernelAndBias(root, "dense_1", path);
            if (kernel.Shape is not [MusicnnArchitecture.EmbeddingSize, MusicnnTagNames.Count] || bias.Shape is not [MusicnnTagNames.Count])
                throw Invalid(path, "dense_1", $"kernel [{string.Join(", ", kernel.Shape)}] and bias [{string.Join(", ", bias.Shape)}], expected [200, 50] and [50]");
            return new MusicnnTagHead(bn[0].Data, bn[1].Data, bn[2].Data, bn[3].Data, kernel.Data, bias.Data);
        }
        catch (Exception e) when (e is not MusicnnWeightsException and not OperationCanceledException)
        {
            throw new MusicnnWeightsException(path, $"{path}: not a readable musicnn Keras checkpoint ({e.Message}).", e);
        }
    }

    private static void LoadBatchNorm(IH5Group root, string layer, Tensor gamma, Tensor beta, Tensor mean, Tensor variance, string path)
    {
        var weights = ReadLayer(root, layer, 4, path);
        CopyInto(gamma, weights[0].Data, weights[0].Shape, null, layer, path);
        CopyInto(beta, weights[1].Data, weights[1].Shape, null, layer, path);
        CopyInto(mean, weights[2].Data, weights[2].Shape, null, layer, path);
        CopyInto(variance, weights[3].Data, weights[3].Shape, null, layer, path);
    }

    private static ((float[] Data, long[] Shape) Kernel, (float[] Data, long[] Shape) Bias) ReadKernelAndBias(IH5Group root, string layer, string path)
    {
        var weights = ReadLayer(root, layer, 2, path);
        return (weights[0], weights[1]);
    }

    /// <summary>Reads a layer's tensors in the order its <c>weight_names</c> attribute lists them.</summary>
    private static (float[] Data, long[] Shape)[] ReadLayer(IH5Group root, string layer, int expected, string path)
    {
        if (!root.LinkExists(layer)) throw Invalid(path, layer, "layer missing");
        var group = root.Group(layer);
        var names = group.Attribute("weight_names").Read<string[]>();
        if (names.Length != expected) throw Invalid(path, layer, $"{names.Length} weights, expected {expected}");
        return names.Select(name =>
        {
            var dataset = group.Dataset(name);
            var shape = dataset.Space.Dimensions.Select(d => checked((long)d)).ToArray();
            return (dataset.Read<float[]>(), shape);
        }).ToArray();
    }

    private static void CopyInto(Tensor target, float[] data, long[] shape, long[]? permutation, string layer, string path)
    {
        using var source = torch.tensor(data, shape);
        using var arranged = permutation is null ? source.alias() : source.permute(permutation);
        if (!arranged.shape.SequenceEqual(target.shape))
            throw Invalid(path, layer, $"tensor [{string.Join(", ", shape)}] does not fit [{string.Join(", ", target.shape)}]");
        target.copy_(arranged);
    }

    private static MusicnnWeightsException Invalid(string path, string layer, string what)
        => new(path, $"{path}: layer '{layer}' of the musicnn checkpoint: {what}.");
}
