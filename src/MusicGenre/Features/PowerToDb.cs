using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MusicGenre.Features;

/// <summary>
/// Converts power to decibels as <c>librosa.power_to_db</c>:
/// <c>10·log10(max(AMin, S)) − 10·log10(max(AMin, ref))</c>, then clipped to <c>max − TopDb</c>.
/// </summary>
/// <remarks>Stateless and thread-safe. Works in place and allocates nothing.</remarks>
public static class PowerToDb
{
    /// <summary>Converts <paramref name="values"/> (power) to dB in place.</summary>
    /// <param name="values">Power values (≥ 0); the whole span is one spectrogram for the max and TopDb.</param>
    /// <param name="options">Reference, floor and range; null for librosa's defaults.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static void InPlace(Span<float> values, PowerToDbOptions? options = null)
    {
        options ??= DefaultOptions;
        options.Validate(nameof(options));
        InPlace(values, options.RefIsMax ? null : options.Ref, options.AMin, options.TopDb);
    }

    /// <summary>Converts <paramref name="values"/> (power) to dB in place.</summary>
    /// <param name="values">Power values (≥ 0).</param>
    /// <param name="reference">Reference power (librosa <c>ref</c>); null uses the maximum of <paramref name="values"/>.</param>
    /// <param name="aMin">Floor before the logarithm (librosa <c>amin</c>).</param>
    /// <param name="topDb">Dynamic range to keep below the maximum; null keeps everything.</param>
    public static void InPlace(Span<float> values, float? reference, float aMin = PowerToDbOptions.Defaults.AMin, float? topDb = PowerToDbOptions.Defaults.TopDb)
    {
        if (!(aMin > 0)) throw new ArgumentOutOfRangeException(nameof(aMin), aMin, "AMin must be positive.");
        if (values.IsEmpty) return;
        float refValue = reference ?? Max(values);
        float offset = 10f * MathF.Log10(MathF.Max(aMin, refValue));
        float max = ToDecibels(values, aMin, offset);
        if (topDb is { } top) Floor(values, max - top);
    }

    // values[i] = 10·log10(max(aMin, values[i])) − offset; returns the largest result. SIMD log2 (in-box, accurate
    // to about 1 ulp) scaled by 10·log10(2); the scalar tail uses MathF.Log10.
    private static float ToDecibels(Span<float> values, float aMin, float offset)
    {
        const float TenLog10Of2 = 3.0102999566398120f;
        int i = 0;
        float max = float.NegativeInfinity;
        if (Vector256.IsHardwareAccelerated && values.Length >= 8)
        {
            ref float v = ref MemoryMarshal.GetReference(values);
            var floor = Vector256.Create(aMin);
            var scale = Vector256.Create(TenLog10Of2);
            var shift = Vector256.Create(offset);
            var vmax = Vector256.Create(float.NegativeInfinity);
            for (; i <= values.Length - 8; i += 8)
            {
                var db = Vector256.Log2(Vector256.Max(floor, Vector256.LoadUnsafe(ref v, (nuint)i))) * scale - shift;
                db.StoreUnsafe(ref v, (nuint)i);
                vmax = Vector256.Max(vmax, db);
            }
            for (int lane = 0; lane < 8; lane++) max = MathF.Max(max, vmax[lane]);
        }
        for (; i < values.Length; i++)
        {
            float db = 10f * MathF.Log10(MathF.Max(aMin, values[i])) - offset;
            values[i] = db;
            if (db > max) max = db;
        }
        return max;
    }

    private static void Floor(Span<float> values, float floor)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref float v = ref MemoryMarshal.GetReference(values);
            var f = Vector256.Create(floor);
            for (; i <= values.Length - 8; i += 8)
                Vector256.Max(f, Vector256.LoadUnsafe(ref v, (nuint)i)).StoreUnsafe(ref v, (nuint)i);
        }
        for (; i < values.Length; i++)
            if (values[i] < floor) values[i] = floor;
    }

    private static readonly PowerToDbOptions DefaultOptions = new();

    private static float Max(ReadOnlySpan<float> values)
    {
        float max = float.NegativeInfinity;
        foreach (var v in values) if (v > max) max = v;
        return max;
    }
}
