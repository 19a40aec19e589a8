using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using TorchSharp;
using static TorchSharp.torch;

namespace MusicGenre.Models;

/// <summary>
/// The seed networks' first block as one CPU operation: Conv2d 1→C 5×5 (valid, stride 1), 2×2 max pooling with
/// stride 2 (the odd last row and column dropped, as <c>MaxPool2d</c> does), ReLU. Forward on
/// <see cref="ConvolutionTile"/>'s AVX-512 tiles, two convolution rows at a time, so the full-resolution map (20 MB
/// for a batch of 32 64×173 windows) is never written; the output is channels-last, as the second convolution
/// reads it fastest. Backward (weight and bias only: the network's input needs no gradient) uses that the pooled
/// gradient reaches one element of each 2×2 window: per channel, 25 accumulators over the two convolution rows of
/// every pooled row.
/// </summary>
/// <remarks>
/// Values and gradients equal the layers' (Conv2d, MaxPool2d, ReLU) within float rounding: the same window
/// element wins a tie (the first in row-major order, as <c>max_pool2d</c> picks), and ReLU passes the gradient where
/// the pooled value is positive. Deterministic: each channel's weight gradient is summed by one thread in a fixed
/// order. Used where <see cref="Applies"/>; the layers run otherwise (GPU, other CPUs, other shapes).
/// </remarks>
internal static class SingleChannelConvPoolReLU
{
    /// <summary>Kernel height and width.</summary>
    private const int Kernel = 5;

    /// <summary>Whether the fused operation computes what <paramref name="conv"/> then 2×2 pooling and ReLU would.</summary>
    public static bool Applies(Tensor input, TorchSharp.Modules.Conv2d conv)
    {
        var weight = conv.weight!;
        return CpuFastPaths.Enabled && ConvolutionTile.IsSupported && input.device_type == DeviceType.CPU && weight.device_type == DeviceType.CPU
               && input.dtype == ScalarType.Float32 && weight.dtype == ScalarType.Float32 && !input.requires_grad
               && input.dim() == 4 && input.shape[1] == 1 && conv.bias is not null
               && weight.shape[1] == 1 && weight.shape[2] == Kernel && weight.shape[3] == Kernel
               && conv.stride.All(s => s == 1) && conv.padding!.All(p => p == 0) && conv.dilation.All(d => d == 1) && conv.groups == 1
               && input.shape[2] >= Kernel + 1 && input.shape[3] >= Kernel + 1;
    }

    /// <summary>
    /// <c>relu(max_pool2d(conv2d(input, weight, bias), 2))</c>, <c>[B, C, (H − 4) / 2, (W − 4) / 2]</c> with channels-last
    /// strides; differentiable in <paramref name="weight"/> and <paramref name="bias"/> when gradients are on.
    /// </summary>
    public static Tensor Forward(Tensor input, Tensor weight, Tensor bias)
        => torch.is_grad_enabled() && (weight.requires_grad || bias.requires_grad)
            ? Function.apply(input, weight, bias)
            : Compute(input, weight, bias, forBackward: false, out _, out _);

    /// <summary>
    /// Forward. With <paramref name="forBackward"/>, <paramref name="geometry"/> (with the padded input) and
    /// <paramref name="codes"/> are what the backward pass needs; without, both buffers are pooled and no codes are kept.
    /// </summary>
    private static unsafe Tensor Compute(Tensor input, Tensor weight, Tensor bias, bool forBackward, out Geometry geometry, out byte[]? codes)
    {
        geometry = new Geometry((int)input.shape[0], (int)input.shape[2], (int)input.shape[3], (int)weight.shape[0]);
        var g = geometry;
        float[] packed;
        using (var w = weight.detach().contiguous())
            packed = ConvolutionTile.Pack(MemoryMarshal.Cast<byte, float>(w.bytes), g.Channels, Kernel * Kernel);
        float[] biases;
        using (var b = bias.detach().contiguous()) biases = MemoryMarshal.Cast<byte, float>(b.bytes).ToArray();
        var padded = g.Pad(input, pooled: !forBackward);
        codes = forBackward ? GC.AllocateUninitializedArray<byte>(g.Batch * g.Channels * g.PooledHeight * g.PooledWidth) : null;
        var output = torch.empty(g.Batch, g.PooledHeight, g.PooledWidth, g.Channels);
        var outputAddress = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(output.bytes));
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, torch.get_num_threads()) };
        var codesArray = codes;
        try
        {
            Parallel.For(0, g.Batch * g.PooledHeight, options, item =>
            {
                int b = item / g.PooledHeight, py = item % g.PooledHeight;
                var top = stackalloc float[ConvolutionTile.TileChannels * ConvolutionTile.TilePositions];
                var bottom = stackalloc float[ConvolutionTile.TileChannels * ConvolutionTile.TilePositions];
                fixed (float* x = padded, w = packed)
                fixed (byte* code = codesArray)
                {
                    var row = x + ((long)b * g.Height + 2 * py) * g.RowStride;
                    var pooledRow = (float*)outputAddress + ((long)b * g.PooledHeight + py) * g.PooledWidth * g.Channels;
                    for (int group = 0; group * ConvolutionTile.TileChannels < g.Channels; group++)
                    {
                        var groupWeights = w + (long)group * Kernel * Kernel * ConvolutionTile.TileChannels;
                        for (int s = 0; s < g.Strips; s++)
                        {
                            int column = s * ConvolutionTile.TilePositions, first = column / 2;
                            int valid = Math.Min(ConvolutionTile.TilePositions / 2, g.PooledWidth - first);
                            ConvolutionTile.Tile(row + column, g.RowStride, groupWeights, Kernel, Kernel, 0, null, null, top, ConvolutionTile.TilePositions);
                            ConvolutionTile.Tile(row + g.RowStride + column, g.RowStride, groupWeights, Kernel, Kernel, 0, null, null, bottom, ConvolutionTile.TilePositions);
                            for (int r = 0, c = group * ConvolutionTile.TileChannels; r < ConvolutionTile.TileChannels && c < g.Channels; r++, c++)
                                Pool(top + r * ConvolutionTile.TilePositions, bottom + r * ConvolutionTile.TilePositions, biases[c], valid,
                                    pooledRow + (long)first * g.Channels + c, g.Channels,
                                    code is null ? null : code + (((long)b * g.Channels + c) * g.PooledHeight + py) * g.PooledWidth + first);
                        }
                    }
                }
            });
        }
        finally
        {
            if (!forBackward) ArrayPool<float>.Shared.Return(padded);
        }
        geometry = g with { Padded = forBackward ? padded : null };
        return output.permute(0, 3, 1, 2);
    }

    /// <summary>
    /// Pools 2 rows × 32 convolution columns of one channel into 16 outputs: <c>relu(max + bias)</c> at
    /// <c>output[j · stride]</c>, and per output the window element that won (0–3, row-major) plus 4 when the
    /// output is positive (the gradient passes) at <c>code[j]</c> unless <paramref name="code"/> is null.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Pool(float* top, float* bottom, float bias, int valid, float* output, int stride, byte* code)
    {
        var even = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
        var odd = Vector512.Create(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
        var t0 = Vector512.Load(top);
        var t1 = Vector512.Load(top + Vector512<float>.Count);
        var b0 = Vector512.Load(bottom);
        var b1 = Vector512.Load(bottom + Vector512<float>.Count);
        var best = Avx512F.PermuteVar16x32x2(t0, even, t1);
        var winner = Vector512<int>.Zero;
        Take(Avx512F.PermuteVar16x32x2(t0, odd, t1), 1, ref best, ref winner);
        Take(Avx512F.PermuteVar16x32x2(b0, even, b1), 2, ref best, ref winner);
        Take(Avx512F.PermuteVar16x32x2(b0, odd, b1), 3, ref best, ref winner);
        var value = best + Vector512.Create(bias);
        var positive = Vector512.GreaterThan(value, Vector512<float>.Zero);
        winner |= Vector512.ConditionalSelect(positive.AsInt32(), Vector512.Create(4), Vector512<int>.Zero);
        var relu = Vector512.Max(value, Vector512<float>.Zero);
        var values = stackalloc float[Vector512<float>.Count];
        relu.Store(values);
        var winners = Avx512F.ConvertToVector128Byte(winner);
        for (int j = 0; j < valid; j++)
        {
            output[(long)j * stride] = values[j];
            if (code is not null) code[j] = winners.GetElement(j);
        }
    }

    /// <summary>max_pool2d's rule: a later window element replaces the maximum only when strictly greater.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Take(Vector512<float> candidate, int index, ref Vector512<float> best, ref Vector512<int> winner)
    {
        var greater = Vector512.GreaterThan(candidate, best);
        best = Vector512.ConditionalSelect(greater, candidate, best);
        winner = Vector512.ConditionalSelect(greater.AsInt32(), Vector512.Create(index), winner);
    }

    /// <summary>Weight and bias gradients from the pooled gradient <c>[B, C, Hp, Wp]</c>.</summary>
    private static unsafe (float[] Weight, float[] Bias) Backward(Geometry g, byte[] codes, Tensor gradient)
    {
        var weightGradient = new float[g.Channels * Kernel * Kernel];
        var biasGradient = new float[g.Channels];
        using var contiguous = gradient.contiguous();
        var gradientAddress = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(contiguous.bytes));
        var padded = g.Padded!;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, torch.get_num_threads()) };
        Parallel.For(0, g.Channels, options, c =>
        {
            fixed (float* x = padded, w = weightGradient)
            fixed (byte* code = codes)
                ChannelGradient(g, x, (float*)gradientAddress, code, c, w + c * Kernel * Kernel, out biasGradient[c]);
        });
        return (weightGradient, biasGradient);
    }

    /// <summary>
    /// One channel: <c>Σ G[b, y, x] · input[b, y + ky, x + kx]</c> over the convolution positions, where G is the
    /// pooled gradient put back at each window's winning element (zero elsewhere and where ReLU stopped it).
    /// Per convolution row: G first, then one kernel row at a time (5 accumulators in registers).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void ChannelGradient(Geometry g, float* x, float* gradient, byte* codes, int c, float* weightGradient, out float biasGradient)
    {
        int chunks = g.Strips * 2; // 16 convolution columns per vector
        var spreadRow = stackalloc float[chunks * Vector512<float>.Count];
        var sums = stackalloc Vector512<float>[Kernel * Kernel];
        for (int k = 0; k < Kernel * Kernel; k++) sums[k] = Vector512<float>.Zero;
        var biasSum = Vector512<float>.Zero;
        var pairs = Vector512.Create(0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7);
        var parity = Vector512.Create(0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1);
        var pooledGradient = stackalloc float[8];
        var pooledCodes = stackalloc int[8];
        for (int b = 0; b < g.Batch; b++)
            for (int py = 0; py < g.PooledHeight; py++)
            {
                long pooledRow = ((long)b * g.Channels + c) * g.PooledHeight + py;
                var gradientRow = gradient + pooledRow * g.PooledWidth;
                var codeRow = codes + pooledRow * g.PooledWidth;
                for (int dy = 0; dy < 2; dy++)
                {
                    // The element of a 2x2 window at this row and column parity, with the gradient passing (4).
                    var wanted = Vector512.Create(4 + 2 * dy) + parity;
                    for (int chunk = 0; chunk < chunks; chunk++)
                    {
                        int first = chunk * 8, count = Math.Clamp(g.PooledWidth - first, 0, 8);
                        Vector256<float> eight;
                        Vector256<int> eightCodes;
                        if (count == 8)
                        {
                            eight = Vector256.Load(gradientRow + first);
                            eightCodes = Avx2.ConvertToVector256Int32(codeRow + first);
                        }
                        else
                        {
                            for (int j = 0; j < 8; j++)
                            {
                                pooledGradient[j] = j < count ? gradientRow[first + j] : 0f;
                                pooledCodes[j] = j < count ? codeRow[first + j] : 0;
                            }
                            eight = Vector256.Load(pooledGradient);
                            eightCodes = Vector256.Load(pooledCodes);
                        }
                        var spread = Avx512F.PermuteVar16x32(Vector512.Create(eight, Vector256<float>.Zero), pairs);
                        var winners = Avx512F.PermuteVar16x32(Vector512.Create(eightCodes, Vector256<int>.Zero), pairs);
                        var spreadChunk = Vector512.ConditionalSelect(Vector512.Equals(winners, wanted).AsSingle(), spread, Vector512<float>.Zero);
                        spreadChunk.Store(spreadRow + chunk * Vector512<float>.Count);
                        biasSum += spreadChunk;
                    }
                    var input = x + ((long)b * g.Height + 2 * py + dy) * g.RowStride;
                    for (int ky = 0; ky < Kernel; ky++)
                    {
                        var row = input + ky * g.RowStride;
                        var s = sums + ky * Kernel;
                        Vector512<float> s0 = s[0], s1 = s[1], s2 = s[2], s3 = s[3], s4 = s[4];
                        for (int chunk = 0; chunk < chunks; chunk++)
                        {
                            var spread = Vector512.Load(spreadRow + chunk * Vector512<float>.Count);
                            var at = row + chunk * Vector512<float>.Count;
                            s0 = Avx512F.FusedMultiplyAdd(spread, Vector512.Load(at), s0);
                            s1 = Avx512F.FusedMultiplyAdd(spread, Vector512.Load(at + 1), s1);
                            s2 = Avx512F.FusedMultiplyAdd(spread, Vector512.Load(at + 2), s2);
                            s3 = Avx512F.FusedMultiplyAdd(spread, Vector512.Load(at + 3), s3);
                            s4 = Avx512F.FusedMultiplyAdd(spread, Vector512.Load(at + 4), s4);
                        }
                        s[0] = s0; s[1] = s1; s[2] = s2; s[3] = s3; s[4] = s4;
                    }
                }
            }
        for (int k = 0; k < Kernel * Kernel; k++) weightGradient[k] = Vector512.Sum(sums[k]);
        biasGradient = Vector512.Sum(biasSum);
    }

    /// <summary>Sizes of one call, and the zero-padded input copy the tiles read (rows padded for the last tile).</summary>
    private sealed record Geometry(int Batch, int Height, int Width, int Channels)
    {
        public int PooledHeight => (Height - Kernel + 1) / 2;

        public int PooledWidth => (Width - Kernel + 1) / 2;

        /// <summary>Tiles of 32 convolution columns per row (covering the pooled ones).</summary>
        public int Strips => (2 * PooledWidth + ConvolutionTile.TilePositions - 1) / ConvolutionTile.TilePositions;

        /// <summary>Floats per padded input row: what the last tile reads, rounded up to a cache line.</summary>
        public int RowStride => (Strips * ConvolutionTile.TilePositions + Kernel + 15) / 16 * 16;

        /// <summary>The input, <c>[B, H, RowStride]</c> with zeros after each row; set by the forward pass.</summary>
        public float[]? Padded { get; init; }

        /// <summary>The zero-padded copy of the input; from the shared pool (return it) when <paramref name="pooled"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public float[] Pad(Tensor input, bool pooled)
        {
            int length = checked(Batch * Height * RowStride);
            var padded = pooled ? ArrayPool<float>.Shared.Rent(length) : new float[length];
            using var contiguous = input.contiguous();
            var source = MemoryMarshal.Cast<byte, float>(contiguous.bytes);
            for (int row = 0; row < Batch * Height; row++)
            {
                source.Slice(row * Width, Width).CopyTo(padded.AsSpan(row * RowStride, Width));
                if (pooled) padded.AsSpan(row * RowStride + Width, RowStride - Width).Clear();
            }
            return padded;
        }
    }

    /// <summary>The autograd node: forward as <see cref="Compute"/>, backward as <see cref="Backward"/>.</summary>
    private sealed class Function : autograd.SingleTensorFunction<Function>
    {
        public override string Name => nameof(SingleChannelConvPoolReLU);

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var output = Compute((Tensor)vars[0], (Tensor)vars[1], (Tensor)vars[2], forBackward: true, out var geometry, out var codes);
            ctx.save_data("geometry", geometry);
            ctx.save_data("codes", codes);
            return output;
        }

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
        {
            var geometry = (Geometry)ctx.get_data("geometry");
            var (weight, bias) = Backward(geometry, (byte[])ctx.get_data("codes"), grad_output);
            return [null!, torch.tensor(weight, [geometry.Channels, 1, Kernel, Kernel]), torch.tensor(bias, [geometry.Channels])];
        }
    }
}
