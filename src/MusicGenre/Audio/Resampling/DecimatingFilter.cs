using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MusicGenre.Audio.Resampling;

/// <summary>
/// The integer-ratio down-sampling case of <see cref="PolyphaseResampler"/> (44.1 → 22.05 kHz, 48 → 16 kHz, ...),
/// where every output uses the same row of taps: the input is split into its M phase streams
/// (<c>X_b[n] = x[n·M + b]</c>, zero-padded at both ends), so consecutive outputs are consecutive elements of each
/// stream and are computed a SIMD vector at a time with broadcast coefficients: no horizontal sums, no edge cases,
/// four output vectors share each coefficient load. Same filter, same outputs up to float rounding (the sums run in
/// another order; docs/audio.md gives the signal-to-error figures). Thread-safe (immutable).
/// </summary>
internal sealed class DecimatingFilter
{
    private const int VectorsPerBlock = 4;
    private readonly int _factor;
    private readonly Tap[] _taps;     // non-zero taps, grouped by phase stream
    private readonly int _minShift, _maxShift;

    /// <summary>Creates the filter.</summary>
    /// <param name="factor">M: input samples per output sample.</param>
    /// <param name="coefficients">The single row of taps.</param>
    /// <param name="firstInput">Input index under tap 0 for output 0 (negative: the filter starts before the signal).</param>
    public DecimatingFilter(int factor, ReadOnlySpan<float> coefficients, int firstInput)
    {
        _factor = factor;
        var taps = new List<Tap>(coefficients.Length);
        for (int j = 0; j < coefficients.Length; j++)
        {
            if (coefficients[j] == 0) continue;
            int u = firstInput + j;                       // input index for output 0
            int shift = (int)Math.Floor((double)u / factor); // X_b[k + shift] = x[(k + shift)·M + b]
            taps.Add(new Tap(u - shift * factor, shift, coefficients[j]));
        }
        _taps = [.. taps.OrderBy(t => t.Stream).ThenBy(t => t.Shift)];
        _minShift = _taps.Length == 0 ? 0 : _taps.Min(t => t.Shift);
        _maxShift = _taps.Length == 0 ? 0 : _taps.Max(t => t.Shift);
    }

    /// <summary>Writes <paramref name="count"/> outputs; checks <paramref name="cancellationToken"/> between blocks.</summary>
    public void Process(ReadOnlySpan<float> input, Span<float> output, int count, CancellationToken cancellationToken)
    {
        int width = Vector<float>.Count;
        int block = VectorsPerBlock * width;
        int blocks = (count + block - 1) / block;
        int pad = Math.Max(0, -_minShift);
        int streamLength = pad + blocks * block + Math.Max(0, _maxShift) + 1;
        var streams = ArrayPool<float>.Shared.Rent(_factor * streamLength);
        var offsets = new int[_taps.Length];
        var coefficients = new float[_taps.Length];
        for (int t = 0; t < _taps.Length; t++)
        {
            offsets[t] = _taps[t].Stream * streamLength + pad + _taps[t].Shift;
            coefficients[t] = _taps[t].Coefficient;
        }
        try
        {
            Split(input, streams.AsSpan(0, _factor * streamLength), streamLength, pad);
            var scratch = new float[block];
            for (int blockIndex = 0; blockIndex < blocks; blockIndex++)
            {
                if ((blockIndex & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
                int k0 = blockIndex * block;
                bool whole = k0 + block <= count;
                ComputeBlock(streams, offsets, coefficients, k0, whole ? output.Slice(k0, block) : scratch);
                if (!whole) scratch.AsSpan(0, count - k0).CopyTo(output[k0..count]);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(streams);
        }
    }

    /// <summary>stream_b[n + pad] = x[n·M + b], zeros elsewhere.</summary>
    private void Split(ReadOnlySpan<float> input, Span<float> streams, int streamLength, int pad)
    {
        streams.Clear();
        int frames = input.Length / _factor;
        if (_factor == 2)
        {
            var even = streams.Slice(pad, streamLength - pad);
            var odd = streams.Slice(streamLength + pad, streamLength - pad);
            for (int n = 0; n < frames; n++)
            {
                even[n] = input[2 * n];
                odd[n] = input[2 * n + 1];
            }
        }
        else
        {
            for (int b = 0; b < _factor; b++)
            {
                var stream = streams.Slice(b * streamLength + pad, streamLength - pad);
                for (int n = 0; n < frames; n++) stream[n] = input[n * _factor + b];
            }
        }
        for (int i = frames * _factor; i < input.Length; i++) streams[(i - frames * _factor) * streamLength + pad + frames] = input[i];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ComputeBlock(float[] streams, int[] offsets, float[] coefficients, int origin, Span<float> target)
    {
        int width = Vector<float>.Count;
        ref float data = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(streams), origin);
        ref int offset = ref MemoryMarshal.GetArrayDataReference(offsets);
        ref float coefficient = ref MemoryMarshal.GetArrayDataReference(coefficients);
        // Two accumulators per output vector (alternate taps) keep the rounding error of the long sums down.
        Vector<float> a0 = default, a1 = default, a2 = default, a3 = default;
        Vector<float> b0 = default, b1 = default, b2 = default, b3 = default;
        int taps = offsets.Length, t = 0;
        for (; t + 1 < taps; t += 2)
        {
            ref float x = ref Unsafe.Add(ref data, Unsafe.Add(ref offset, t));
            ref float y = ref Unsafe.Add(ref data, Unsafe.Add(ref offset, t + 1));
            var cp = new Vector<float>(Unsafe.Add(ref coefficient, t));
            var cq = new Vector<float>(Unsafe.Add(ref coefficient, t + 1));
            a0 += cp * Vector.LoadUnsafe(ref x);
            a1 += cp * Vector.LoadUnsafe(ref x, (nuint)width);
            a2 += cp * Vector.LoadUnsafe(ref x, (nuint)(2 * width));
            a3 += cp * Vector.LoadUnsafe(ref x, (nuint)(3 * width));
            b0 += cq * Vector.LoadUnsafe(ref y);
            b1 += cq * Vector.LoadUnsafe(ref y, (nuint)width);
            b2 += cq * Vector.LoadUnsafe(ref y, (nuint)(2 * width));
            b3 += cq * Vector.LoadUnsafe(ref y, (nuint)(3 * width));
        }
        if (t < taps)
        {
            ref float x = ref Unsafe.Add(ref data, Unsafe.Add(ref offset, t));
            var cp = new Vector<float>(Unsafe.Add(ref coefficient, t));
            a0 += cp * Vector.LoadUnsafe(ref x);
            a1 += cp * Vector.LoadUnsafe(ref x, (nuint)width);
            a2 += cp * Vector.LoadUnsafe(ref x, (nuint)(2 * width));
            a3 += cp * Vector.LoadUnsafe(ref x, (nuint)(3 * width));
        }
        ref float o = ref MemoryMarshal.GetReference(target);
        (a0 + b0).StoreUnsafe(ref o);
        (a1 + b1).StoreUnsafe(ref o, (nuint)width);
        (a2 + b2).StoreUnsafe(ref o, (nuint)(2 * width));
        (a3 + b3).StoreUnsafe(ref o, (nuint)(3 * width));
    }

    /// <summary>One tap: its phase stream, its offset in that stream, its weight.</summary>
    private readonly record struct Tap(int Stream, int Shift, float Coefficient);
}
