using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;
using Kernel = MusicGenre.Models.ConvolutionTile;

namespace MusicGenre.Models.Musicnn;

/// <summary>
/// musicnn's inference path on CPUs with AVX-512, from the input patches to the pooled <c>[N, 1,506]</c> features
/// (max and mean over frames of the mid end's dense concatenation, interleaved per channel): the input batch norm,
/// the five front-end branches (convolution, ReLU, batch norm, max over frequency) and the three mid-end layers, on
/// <see cref="ConvolutionTile"/>'s register tiles. The same values as the TorchSharp layers within float
/// rounding; its buffers come from the shared array pool.
/// </summary>
/// <remarks>
/// <para>Why it is faster than the layers: libtorch writes every front-end convolution output (90 MB for the 7×38
/// branch on a batch of 10), converts it from oneDNN's blocked layout, then reads and writes it again for ReLU and
/// batch norm before the max, and fresh allocations that large are page-faulted in on every call. Here only a
/// tile's maximum and minimum over frequency leave its registers: the batch norm is a per-channel affine map after
/// a monotonic ReLU, so <c>max_f bn(relu(conv))</c> is <c>bn(relu(max_f conv))</c> where the batch norm's scale is
/// positive and <c>bn(relu(min_f conv))</c> where it is negative.</para>
/// <para>Used by <see cref="MusicnnNetwork.forward"/> when <see cref="Applies"/> (no gradients, every front- and
/// mid-end batch norm in evaluation mode, float32 input and weights on the CPU, AVX-512); otherwise (training, fine-tuning with
/// gradients, CUDA, other CPUs) the TorchSharp layers run. Work is split over <c>torch.get_num_threads()</c>
/// threads. Weights are packed again on every call, so changed weights are always seen.</para>
/// </remarks>
internal static class MusicnnInference
{
    /// <summary>Zero frames before and after each patch in the input buffer: the widest (128-frame) branch's "same" padding.</summary>
    private const int PadBefore = 63, PadAfter = 64;

    /// <summary>Floats per input frame: 96 mel bands, then zeros that a tile's last positions may read.</summary>
    private const int InputStride = 112;

    /// <summary>Zero frames before each mid-end feature row: the 7-frame convolutions' "same" padding.</summary>
    private const int FeaturePad = MusicnnArchitecture.MidEndKernel / 2;

    /// <summary>Output frames per front-end work item.</summary>
    private const int FramesPerItem = 8;

    /// <summary>Rows of the mid end's dense concatenation: front end, then the three mid-end layers.</summary>
    private const int FeatureRows = MusicnnArchitecture.PooledChannels;

    /// <summary>Whether this CPU runs the inference path.</summary>
    public static bool IsSupported => Kernel.IsSupported;

    /// <summary>Whether <see cref="Pool"/> computes what the TorchSharp layers would for this call.</summary>
    public static bool Applies(MusicnnNetwork network, Tensor input)
        => CpuFastPaths.Enabled && IsSupported && !torch.is_grad_enabled() && input.device_type == DeviceType.CPU && input.dtype == ScalarType.Float32
           && network.Dense.weight!.device_type == DeviceType.CPU && network.Dense.weight!.dtype == ScalarType.Float32
           && !network.InputBatchNorm.training && network.FrontEnd.All(b => !b.BatchNorm.training)
           && network.MidEnd.Layers.All(l => !l.BatchNorm.training);

    /// <summary>Pooled features <c>[N, 2 · 753]</c> for patches <c>[N, T, 96]</c>.</summary>
    public static unsafe Tensor Pool(MusicnnNetwork network, Tensor input)
    {
        int count = (int)input.shape[0], frames = (int)input.shape[1];
        var branches = network.FrontEnd.Select(b => new MusicnnPackedConvolution(b.Conv.weight!, b.Conv.bias!, b.BatchNorm.weight!,
            b.BatchNorm.bias!, b.BatchNorm.running_mean!, b.BatchNorm.running_var!, b.KernelTime, b.KernelMel)).ToArray();
        var midEnd = network.MidEnd.Layers.Select(l => new MusicnnPackedConvolution(l.Conv.weight!, l.Conv.bias!, l.BatchNorm.weight!,
            l.BatchNorm.bias!, l.BatchNorm.running_mean!, l.BatchNorm.running_var!, (int)l.Conv.weight!.shape[1], (int)l.Conv.weight!.shape[2])).ToArray();
        var (inputScale, inputShift) = MusicnnPackedConvolution.BatchNormAffine(network.InputBatchNorm.weight!, network.InputBatchNorm.bias!,
            network.InputBatchNorm.running_mean!, network.InputBatchNorm.running_var!);

        int paddedFrames = frames + PadBefore + PadAfter;
        int strips = (frames + Kernel.TilePositions - 1) / Kernel.TilePositions;
        // A feature row: FeaturePad zeros, the frames, zeros up to what the last tile's taps read.
        int featureStride = strips * Kernel.TilePositions + MusicnnArchitecture.MidEndKernel + 1;
        int paddedLength = checked(count * paddedFrames * InputStride), featuresLength = checked(count * FeatureRows * featureStride);
        // Pooled rather than fresh buffers: fresh multi-megabyte allocations are page-faulted in on every call.
        var paddedArray = ArrayPool<float>.Shared.Rent(paddedLength);
        var featuresArray = ArrayPool<float>.Shared.Rent(featuresLength);
        try
        {
            fixed (float* padded = paddedArray, features = featuresArray)
            {
                new Span<float>(padded, paddedLength).Clear();
                new Span<float>(features, featuresLength).Clear();
                using (var contiguous = input.contiguous())
                    NormaliseInput(MemoryMarshal.Cast<byte, float>(contiguous.bytes), count, frames, inputScale[0], inputShift[0], padded);
                var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, torch.get_num_threads()) };
                nint paddedAddress = (nint)padded, featuresAddress = (nint)features;
                int itemsPerPatch = (frames + FramesPerItem - 1) / FramesPerItem;
                Parallel.For(0, count * itemsPerPatch, options, item =>
                {
                    int n = item / itemsPerPatch, first = item % itemsPerPatch * FramesPerItem, last = Math.Min(frames, first + FramesPerItem);
                    var patch = (float*)paddedAddress + (long)n * paddedFrames * InputStride;
                    var output = (float*)featuresAddress + (long)n * FeatureRows * featureStride;
                    for (int b = 0, row = 0; b < branches.Length; row += branches[b].Filters, b++)
                        FrontEndBranch(branches[b], patch, output + (long)row * featureStride + FeaturePad, featureStride, first, last);
                });
                var pooled = torch.empty(count, 2 * FeatureRows);
                var pooledAddress = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(pooled.bytes));
                Parallel.For(0, count, options, n =>
                {
                    var patch = (float*)featuresAddress + (long)n * FeatureRows * featureStride;
                    MidEnd(midEnd, patch, featureStride, frames, strips);
                    PoolFrames(patch, featureStride, frames, (float*)pooledAddress + (long)n * 2 * FeatureRows);
                });
                return pooled;
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(paddedArray);
            ArrayPool<float>.Shared.Return(featuresArray);
        }
    }

    /// <summary>The input batch norm (one channel) into the padded input buffer, frame by frame.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void NormaliseInput(ReadOnlySpan<float> source, int count, int frames, float scale, float shift, float* padded)
    {
        int paddedFrames = frames + PadBefore + PadAfter;
        for (int n = 0; n < count; n++)
            for (int t = 0; t < frames; t++)
            {
                var from = source.Slice((n * frames + t) * MusicnnArchitecture.MelBands, MusicnnArchitecture.MelBands);
                var to = padded + ((long)n * paddedFrames + PadBefore + t) * InputStride;
                for (int m = 0; m < from.Length; m++) to[m] = from[m] * scale + shift;
            }
    }

    /// <summary>
    /// One branch for output frames <paramref name="first"/> to <paramref name="last"/> (exclusive) of a patch:
    /// <c>output[c · stride + t]</c> is <c>max_f bn(relu(conv))</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void FrontEndBranch(MusicnnPackedConvolution branch, float* patch, float* output, long stride, int first, int last)
    {
        int positions = MusicnnArchitecture.MelBands - branch.Taps + 1;
        // The branch's "same" padding in time is (kernel − 1) / 2 frames before; the buffer has PadBefore.
        int firstRow = PadBefore - (branch.Rows - 1) / 2;
        var max = stackalloc float[Kernel.TileChannels];
        var min = stackalloc float[Kernel.TileChannels];
        fixed (float* weights = branch.Weights)
            for (int t = first; t < last; t++)
            {
                var rows = patch + (long)(firstRow + t) * InputStride;
                for (int g = 0; g < branch.Groups; g++)
                {
                    new Span<float>(max, Kernel.TileChannels).Fill(float.NegativeInfinity);
                    new Span<float>(min, Kernel.TileChannels).Fill(float.PositiveInfinity);
                    var groupWeights = weights + (long)g * branch.Rows * branch.Taps * Kernel.TileChannels;
                    for (int p = 0; p < positions; p += Kernel.TilePositions)
                        Kernel.Tile(rows + p, InputStride, groupWeights, branch.Rows, branch.Taps, Math.Min(Kernel.TilePositions, positions - p), max, min, null, 0);
                    for (int r = 0, c = g * Kernel.TileChannels; r < Kernel.TileChannels && c < branch.Filters; r++, c++)
                        // bn(relu(.)) is increasing in its input where the scale is positive, decreasing where negative.
                        output[c * stride + t] = branch.Activate(c, branch.Scale[c] >= 0 ? max[r] : min[r]);
                }
            }
    }

    /// <summary>
    /// The three mid-end layers of one patch, each reading the previous rows of <paramref name="patch"/> and writing
    /// its 64 rows after them: <c>bn(relu(conv(x)))</c>, plus <c>x</c> for the second and third.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void MidEnd(MusicnnPackedConvolution[] layers, float* patch, long stride, int frames, int strips)
    {
        int sumsStride = strips * Kernel.TilePositions;
        var sumsArray = ArrayPool<float>.Shared.Rent(checked(Kernel.TileChannels * layers.Max(l => l.Groups) * sumsStride));
        try
        {
            fixed (float* sums = sumsArray)
                for (int l = 0, inputRow = 0, outputRow = MusicnnArchitecture.FrontEndChannels; l < layers.Length; inputRow = outputRow, outputRow += layers[l].Filters, l++)
                {
                    var layer = layers[l];
                    var input = patch + (long)inputRow * stride;
                    fixed (float* weights = layer.Weights)
                        for (int g = 0; g < layer.Groups; g++)
                            for (int s = 0; s < strips; s++)
                                Kernel.Tile(input + s * Kernel.TilePositions, stride, weights + (long)g * layer.Rows * layer.Taps * Kernel.TileChannels,
                                    layer.Rows, layer.Taps, Kernel.TilePositions, null, null,
                                    sums + ((long)g * Kernel.TileChannels * sumsStride) + s * Kernel.TilePositions, sumsStride);
                    bool residual = l > 0;
                    for (int c = 0; c < layer.Filters; c++)
                    {
                        var output = patch + (outputRow + c) * stride + FeaturePad;
                        var previous = input + c * stride + FeaturePad;
                        var sum = sums + (long)c * sumsStride;
                        for (int t = 0; t < frames; t++)
                            output[t] = layer.Activate(c, sum[t]) + (residual ? previous[t] : 0f);
                    }
                }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(sumsArray);
        }
    }

    /// <summary>Max and mean over frames of every feature row, interleaved per row as musicnn flattens them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void PoolFrames(float* patch, long stride, int frames, float* pooled)
    {
        for (int row = 0; row < FeatureRows; row++)
        {
            var values = new ReadOnlySpan<float>(patch + row * stride + FeaturePad, frames);
            float max = float.NegativeInfinity;
            double sum = 0;
            foreach (var v in values)
            {
                max = Math.Max(max, v);
                sum += v;
            }
            pooled[2 * row] = max;
            pooled[2 * row + 1] = (float)(sum / frames);
        }
    }
}
