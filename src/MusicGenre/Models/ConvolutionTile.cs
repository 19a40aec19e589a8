using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MusicGenre.Models;

/// <summary>
/// An AVX-512 register tile for the CPU inference paths: a correlation of 12 output channels × 32 consecutive
/// positions, summed over a kernel of rows × taps. musicnn's convolutions all have this form
/// (<see cref="Musicnn.MusicnnInference"/>: timbral branches with rows = 7 frames and taps = 38 or 67 mel bands
/// along the mel axis; temporal branches with rows = 128/64/32 frames and one tap; the mid end with rows = input
/// channels and taps = 7 frames), and so has the seed networks' first convolution (rows and taps = 5, along time;
/// <see cref="SingleChannelConvPoolReLU"/>).
/// </summary>
/// <remarks>
/// 24 accumulators stay in registers (AVX-512 has 32); each kernel step loads two input vectors and broadcasts 12
/// weights for 24 fused multiply-adds. The body is unrolled by hand: the 12 lines per step and per reduction differ
/// only in the channel index.
/// </remarks>
internal static class ConvolutionTile
{
    /// <summary>Output channels per tile; packed weights are <c>[groups][rows][taps][TileChannels]</c>.</summary>
    public const int TileChannels = 12;

    /// <summary>Positions per tile: two AVX-512 vectors.</summary>
    public const int TilePositions = 32;

    /// <summary>Whether this CPU runs the kernel.</summary>
    public static bool IsSupported => Avx512F.IsSupported && Vector512.IsHardwareAccelerated;

    /// <summary>
    /// Packs a convolution weight <c>[filters, rows · taps]</c> (row-major) as <c>[groups][rows · taps][12]</c>, zero
    /// for the channels past the last filter.
    /// </summary>
    public static float[] Pack(ReadOnlySpan<float> weight, int filters, int taps)
    {
        var groups = (filters + TileChannels - 1) / TileChannels;
        var packed = new float[groups * taps * TileChannels];
        for (int c = 0; c < filters; c++)
            for (int k = 0; k < taps; k++)
                packed[((c / TileChannels) * taps + k) * TileChannels + c % TileChannels] = weight[c * taps + k];
        return packed;
    }

    /// <summary>
    /// One tile: <c>sum[r, i] = Σ_row Σ_tap input[row · rowStride + i + tap] · weights[row, tap, r]</c> for 12 channels
    /// r and 32 positions i. With <paramref name="store"/> null, merges the maximum and minimum over the first
    /// <paramref name="valid"/> positions into <paramref name="max"/>[r] and <paramref name="min"/>[r]; otherwise
    /// stores all 32 sums of channel r at <c>store + r · storeStride</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Tile(float* input, long rowStride, float* weights, int rows, int taps, int valid,
        float* max, float* min, float* store, long storeStride)
    {
        Vector512<float> a0_0 = default, a0_1 = default, a0_2 = default, a0_3 = default, a0_4 = default, a0_5 = default, a0_6 = default, a0_7 = default, a0_8 = default, a0_9 = default, a0_10 = default, a0_11 = default;
        Vector512<float> a1_0 = default, a1_1 = default, a1_2 = default, a1_3 = default, a1_4 = default, a1_5 = default, a1_6 = default, a1_7 = default, a1_8 = default, a1_9 = default, a1_10 = default, a1_11 = default;
        for (int row = 0; row < rows; row++)
        {
            var x = input + row * rowStride;
            for (int tap = 0; tap < taps; tap++, weights += TileChannels)
            {
                var x0 = Vector512.Load(x + tap);
                var x1 = Vector512.Load(x + tap + Vector512<float>.Count);
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
        if (store is not null)
        {
            a0_0.Store(store + 0 * storeStride); a1_0.Store(store + 0 * storeStride + Vector512<float>.Count);
            a0_1.Store(store + 1 * storeStride); a1_1.Store(store + 1 * storeStride + Vector512<float>.Count);
            a0_2.Store(store + 2 * storeStride); a1_2.Store(store + 2 * storeStride + Vector512<float>.Count);
            a0_3.Store(store + 3 * storeStride); a1_3.Store(store + 3 * storeStride + Vector512<float>.Count);
            a0_4.Store(store + 4 * storeStride); a1_4.Store(store + 4 * storeStride + Vector512<float>.Count);
            a0_5.Store(store + 5 * storeStride); a1_5.Store(store + 5 * storeStride + Vector512<float>.Count);
            a0_6.Store(store + 6 * storeStride); a1_6.Store(store + 6 * storeStride + Vector512<float>.Count);
            a0_7.Store(store + 7 * storeStride); a1_7.Store(store + 7 * storeStride + Vector512<float>.Count);
            a0_8.Store(store + 8 * storeStride); a1_8.Store(store + 8 * storeStride + Vector512<float>.Count);
            a0_9.Store(store + 9 * storeStride); a1_9.Store(store + 9 * storeStride + Vector512<float>.Count);
            a0_10.Store(store + 10 * storeStride); a1_10.Store(store + 10 * storeStride + Vector512<float>.Count);
            a0_11.Store(store + 11 * storeStride); a1_11.Store(store + 11 * storeStride + Vector512<float>.Count);
        }
        else
        {
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
