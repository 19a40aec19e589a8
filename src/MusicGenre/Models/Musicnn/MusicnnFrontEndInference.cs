using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using TorchSharp;
using static TorchSharp.torch;

namespace MusicGenre.Models.Musicnn;

/// <summary>
/// musicnn's front end for inference on CPUs with AVX-512: the input batch norm and the five branches (convolution,
/// ReLU, batch norm, max over frequency) computed in one pass per output frame, straight into the concatenated
/// <c>[N, 561, T]</c> front-end output. The same values as the layer-by-layer path (<see cref="MusicnnFrontEndBlock"/>)
/// within float rounding; no intermediate larger than the padded input is ever allocated.
/// </summary>
/// <remarks>
/// <para>Why it is faster: libtorch's path writes every convolution output (90 MB for the 7×38 branch on a batch of
/// 10), converts it from oneDNN's blocked layout, then reads and writes it again for ReLU and batch norm before the
/// max; fresh allocations that large are page-faulted in on every call. Here each register tile holds 12 channels ×
/// 32 frequency positions (24 AVX-512 accumulators), and only its maximum and minimum over frequency leave it:
/// batch norm is a per-channel affine map after a monotonic ReLU, so <c>max_f bn(relu(conv))</c> is
/// <c>bn(relu(max_f conv))</c> where the batch norm's scale is positive and <c>bn(relu(min_f conv))</c> where it is
/// negative.</para>
/// <para>Used by <see cref="MusicnnNetwork.forward"/> under <c>no_grad</c> with every front-end batch norm in
/// evaluation mode, on float32 CPU tensors, where <see cref="IsSupported"/>; otherwise (training, fine-tuning with
/// gradients, CUDA, CPUs without AVX-512) the layer-by-layer path runs. Weights are repacked on every call, so
/// changed weights are always seen.</para>
/// </remarks>
internal static class MusicnnFrontEndInference
{
    /// <summary>Output channels per register tile.</summary>
    private const int TileChannels = 12;

    /// <summary>Frequency (temporal branches: mel) positions per register tile: two AVX-512 vectors.</summary>
    private const int TilePositions = 32;

    /// <summary>Zero frames before and after each patch: the "same" padding of the widest (128-frame) branch.</summary>
    private const int PadBefore = 63, PadAfter = 64;

    /// <summary>Floats per padded frame: 96 mel bands, then zeros that a tile's last positions may read.</summary>
    private const int RowStride = 112;

    /// <summary>Output frames per parallel work item.</summary>
    private const int FramesPerItem = 8;

    /// <summary>Whether this CPU runs the AVX-512 kernels.</summary>
    public static bool IsSupported => Avx512F.IsSupported && Vector512.IsHardwareAccelerated;

    /// <summary>Whether <see cref="Forward"/> computes what the layer-by-layer front end would for this call.</summary>
    public static bool Applies(MusicnnNetwork network, Tensor input)
        => IsSupported && !torch.is_grad_enabled() && input.device_type == DeviceType.CPU && input.dtype == ScalarType.Float32
           && !network.InputBatchNorm.training && network.FrontEnd.All(b => !b.BatchNorm.training);

    /// <summary>The front end's output <c>[N, 561, T]</c> for patches <c>[N, T, 96]</c>.</summary>
    public static unsafe Tensor Forward(MusicnnNetwork network, Tensor input)
    {
        int count = (int)input.shape[0], frames = (int)input.shape[1];
        var branches = new Branch[network.FrontEnd.Count];
        for (int i = 0, offset = 0; i < branches.Length; offset += network.FrontEnd[i].Filters, i++)
            branches[i] = new Branch(network.FrontEnd[i], offset);
        var (inputScale, inputShift) = BatchNormAffine(network.InputBatchNorm.weight!, network.InputBatchNorm.bias!,
            network.InputBatchNorm.running_mean!, network.InputBatchNorm.running_var!);

        int paddedFrames = frames + PadBefore + PadAfter;
        nuint paddedLength = (nuint)count * (nuint)paddedFrames * RowStride;
        var padded = (float*)NativeMemory.AlignedAlloc(paddedLength * sizeof(float), 64);
        try
        {
            NativeMemory.Clear(padded, paddedLength * sizeof(float));
            using (var contiguous = input.contiguous())
            {
                var source = MemoryMarshal.Cast<byte, float>(contiguous.bytes);
                for (int n = 0; n < count; n++)
                    for (int t = 0; t < frames; t++)
                    {
                        var from = source.Slice((n * frames + t) * MusicnnArchitecture.MelBands, MusicnnArchitecture.MelBands);
                        var to = new Span<float>(padded + ((long)n * paddedFrames + PadBefore + t) * RowStride, MusicnnArchitecture.MelBands);
                        for (int m = 0; m < from.Length; m++) to[m] = from[m] * inputScale[0] + inputShift[0];
                    }
            }
            var output = torch.empty([count, MusicnnArchitecture.FrontEndChannels, frames]);
            var outputPointer = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(output.bytes));
            var paddedPointer = (nint)padded;
            int itemsPerPatch = (frames + FramesPerItem - 1) / FramesPerItem;
            var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, torch.get_num_threads()) };
            Parallel.For(0, count * itemsPerPatch, options, item =>
            {
                int n = item / itemsPerPatch, first = item % itemsPerPatch * FramesPerItem;
                int last = Math.Min(frames, first + FramesPerItem);
                var patch = (float*)paddedPointer + (long)n * paddedFrames * RowStride;
                var patchOutput = (float*)outputPointer + (long)n * MusicnnArchitecture.FrontEndChannels * frames;
                foreach (var branch in branches) branch.Run(patch, patchOutput, frames, first, last);
            });
            return output;
        }
        finally
        {
            NativeMemory.AlignedFree(padded);
        }
    }

    /// <summary>A batch norm in evaluation mode as <c>x · scale + shift</c> per channel.</summary>
    private static (float[] Scale, float[] Shift) BatchNormAffine(Tensor weight, Tensor bias, Tensor mean, Tensor variance)
    {
        float[] w = weight.data<float>().ToArray(), b = bias.data<float>().ToArray();
        float[] mu = mean.data<float>().ToArray(), v = variance.data<float>().ToArray();
        var scale = new float[w.Length];
        var shift = new float[w.Length];
        for (int c = 0; c < w.Length; c++)
        {
            scale[c] = (float)(w[c] / Math.Sqrt(v[c] + MusicnnArchitecture.BatchNormEpsilon));
            shift[c] = (float)(b[c] - mu[c] * (double)scale[c]);
        }
        return (scale, shift);
    }

    /// <summary>One branch's weights packed for the kernel, and where its output goes.</summary>
    private sealed class Branch
    {
        private readonly int kernelTime, kernelMel, positions, filters, groups, firstRow, channelOffset;
        private readonly float[] weights, bias, scale, shift;

        public Branch(MusicnnFrontEndBlock block, int channelOffset)
        {
            kernelTime = block.KernelTime;
            kernelMel = block.KernelMel;
            filters = block.Filters;
            positions = MusicnnArchitecture.MelBands - kernelMel + 1;
            groups = (filters + TileChannels - 1) / TileChannels;
            firstRow = PadBefore - (kernelTime - 1) / 2;
            this.channelOffset = channelOffset;
            // [groups][kernelTime][kernelMel][TileChannels], zero for the channels past the last filter.
            var taps = kernelTime * kernelMel;
            var source = block.Conv.weight!.contiguous().data<float>().ToArray();
            weights = new float[groups * taps * TileChannels];
            for (int c = 0; c < filters; c++)
                for (int k = 0; k < taps; k++)
                    weights[((c / TileChannels) * taps + k) * TileChannels + c % TileChannels] = source[c * taps + k];
            bias = block.Conv.bias!.data<float>().ToArray();
            (scale, shift) = BatchNormAffine(block.BatchNorm.weight!, block.BatchNorm.bias!, block.BatchNorm.running_mean!, block.BatchNorm.running_var!);
        }

        /// <summary>Output frames <paramref name="first"/> to <paramref name="last"/> (exclusive) of one patch.</summary>
        public unsafe void Run(float* patch, float* patchOutput, int frames, int first, int last)
        {
            var max = stackalloc float[TileChannels];
            var min = stackalloc float[TileChannels];
            fixed (float* packed = weights)
                for (int t = first; t < last; t++)
                {
                    var rows = patch + (long)(firstRow + t) * RowStride;
                    for (int g = 0; g < groups; g++)
                    {
                        new Span<float>(max, TileChannels).Fill(float.NegativeInfinity);
                        new Span<float>(min, TileChannels).Fill(float.PositiveInfinity);
                        var groupWeights = packed + (long)g * kernelTime * kernelMel * TileChannels;
                        for (int p = 0; p < positions; p += TilePositions)
                            Tile(rows + p, groupWeights, kernelTime, kernelMel, Math.Min(TilePositions, positions - p), max, min);
                        for (int r = 0, c = g * TileChannels; r < TileChannels && c < filters; r++, c++)
                        {
                            // bn(relu(.)) is monotonic: increasing where the scale is positive, decreasing where negative.
                            var extreme = (scale[c] >= 0 ? max[r] : min[r]) + bias[c];
                            patchOutput[(long)(channelOffset + c) * frames + t] = Math.Max(extreme, 0f) * scale[c] + shift[c];
                        }
                    }
                }
        }
    }

    /// <summary>
    /// 12 channels × up to 32 positions of one frame: sums over the kernel's frames and bands, then merges the maximum
    /// and minimum over the valid positions into <paramref name="max"/> and <paramref name="min"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Tile(float* rows, float* weights, int kernelTime, int kernelMel, int valid, float* max, float* min)
    {
        Vector512<float> a0_0 = default, a0_1 = default, a0_2 = default, a0_3 = default, a0_4 = default, a0_5 = default, a0_6 = default, a0_7 = default, a0_8 = default, a0_9 = default, a0_10 = default, a0_11 = default;
        Vector512<float> a1_0 = default, a1_1 = default, a1_2 = default, a1_3 = default, a1_4 = default, a1_5 = default, a1_6 = default, a1_7 = default, a1_8 = default, a1_9 = default, a1_10 = default, a1_11 = default;
        for (int dt = 0; dt < kernelTime; dt++)
        {
            var x = rows + dt * RowStride;
            for (int df = 0; df < kernelMel; df++, weights += TileChannels)
            {
                var x0 = Vector512.Load(x + df);
                var x1 = Vector512.Load(x + df + Vector512<float>.Count);
                Vector512<float> w;
                w = Vector512.Create(weights[0]); a0_0 = Avx512F.FusedMultiplyAdd(x0, w, a0_0); a1_0 = Avx512F.FusedMultiplyAdd(x1, w, a1_0);
                w = Vector512.Create(weights[1]); a0_1 = Avx512F.FusedMultiplyAdd(x0, w, a0_1); a1_1 = Avx512F.FusedMultiplyAdd(x1, w, a1_1);
                w = Vector512.Create(weights[2]); a0_2 = Avx512F.FusedMultiplyAdd(x0, w, a0_2); a1_2 = Avx512F.FusedMultiplyAdd(x1, w, a1_2);
                w = Vector512.Create(weights[3]); a0_3 = Avx512F.FusedMultiplyAdd(x0, w, a0_3); a1_3 = Avx512F.FusedMultiplyAdd(x1, w, a1_3);
                w = Vector512.Create(weights[4]); a0_4 = Avx512F.FusedMultiplyAdd(x0, w, a0_4); a1_4 = Avx512F.FusedMultiplyAdd(x1, w, a1_4);
                w = Vector512.Create(weights[5]); a0_5 = Avx512F.FusedMultiplyAdd(x0, w, a0_5); a1_5 = Avx512F.FusedMultiplyAdd(x1, w, a1_5);
                w = Vector512.Create(weights[6]); a0_6 = Avx512F.FusedMultiplyAdd(x0, w, a0_6); a1_6 = Avx512F.FusedMultiplyAdd(x1, w, a1_6);
                w = Vector512.Create(weights[7]); a0_7 = Avx512F.FusedMultiplyAdd(x0, w, a0_7); a1_7 = Avx512F.FusedMultiplyAdd(x1, w, a1_7);
                w = Vector512.Create(weights[8]); a0_8 = Avx512F.FusedMultiplyAdd(x0, w, a0_8); a1_8 = Avx512F.FusedMultiplyAdd(x1, w, a1_8);
                w = Vector512.Create(weights[9]); a0_9 = Avx512F.FusedMultiplyAdd(x0, w, a0_9); a1_9 = Avx512F.FusedMultiplyAdd(x1, w, a1_9);
                w = Vector512.Create(weights[10]); a0_10 = Avx512F.FusedMultiplyAdd(x0, w, a0_10); a1_10 = Avx512F.FusedMultiplyAdd(x1, w, a1_10);
                w = Vector512.Create(weights[11]); a0_11 = Avx512F.FusedMultiplyAdd(x0, w, a0_11); a1_11 = Avx512F.FusedMultiplyAdd(x1, w, a1_11);
            }
        }
        var lanes = Vector512.Create(0f, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        var mask0 = Vector512.LessThan(lanes, Vector512.Create((float)valid));
        var mask1 = Vector512.LessThan(lanes, Vector512.Create((float)(valid - Vector512<float>.Count)));
        Merge(a0_0, a1_0, mask0, mask1, ref max[0], ref min[0]);
        Merge(a0_1, a1_1, mask0, mask1, ref max[1], ref min[1]);
        Merge(a0_2, a1_2, mask0, mask1, ref max[2], ref min[2]);
        Merge(a0_3, a1_3, mask0, mask1, ref max[3], ref min[3]);
        Merge(a0_4, a1_4, mask0, mask1, ref max[4], ref min[4]);
        Merge(a0_5, a1_5, mask0, mask1, ref max[5], ref min[5]);
        Merge(a0_6, a1_6, mask0, mask1, ref max[6], ref min[6]);
        Merge(a0_7, a1_7, mask0, mask1, ref max[7], ref min[7]);
        Merge(a0_8, a1_8, mask0, mask1, ref max[8], ref min[8]);
        Merge(a0_9, a1_9, mask0, mask1, ref max[9], ref min[9]);
        Merge(a0_10, a1_10, mask0, mask1, ref max[10], ref min[10]);
        Merge(a0_11, a1_11, mask0, mask1, ref max[11], ref min[11]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Merge(Vector512<float> a0, Vector512<float> a1, Vector512<float> mask0, Vector512<float> mask1, ref float max, ref float min)
    {
        var negative = Vector512.Create(float.NegativeInfinity);
        var positive = Vector512.Create(float.PositiveInfinity);
        var high = Vector512.Max(Vector512.ConditionalSelect(mask0, a0, negative), Vector512.ConditionalSelect(mask1, a1, negative));
        var low = Vector512.Min(Vector512.ConditionalSelect(mask0, a0, positive), Vector512.ConditionalSelect(mask1, a1, positive));
        var high256 = Vector256.Max(high.GetLower(), high.GetUpper());
        var low256 = Vector256.Min(low.GetLower(), low.GetUpper());
        var high128 = Vector128.Max(high256.GetLower(), high256.GetUpper());
        var low128 = Vector128.Min(low256.GetLower(), low256.GetUpper());
        high128 = Vector128.Max(high128, Vector128.Shuffle(high128, Vector128.Create(2, 3, 0, 1)));
        low128 = Vector128.Min(low128, Vector128.Shuffle(low128, Vector128.Create(2, 3, 0, 1)));
        high128 = Vector128.Max(high128, Vector128.Shuffle(high128, Vector128.Create(1, 0, 3, 2)));
        low128 = Vector128.Min(low128, Vector128.Shuffle(low128, Vector128.Create(1, 0, 3, 2)));
        max = Math.Max(max, high128.ToScalar());
        min = Math.Min(min, low128.ToScalar());
    }
}
