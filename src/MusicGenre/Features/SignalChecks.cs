using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MusicGenre.Features;

/// <summary>Fast checks on input signals.</summary>
internal static class SignalChecks
{
    /// <summary>Index of the first NaN or infinity in <paramref name="samples"/>, or −1.</summary>
    public static int IndexOfNonFinite(ReadOnlySpan<float> samples)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref float start = ref MemoryMarshal.GetReference(samples);
            for (; i <= samples.Length - 8; i += 8)
            {
                var v = Vector256.LoadUnsafe(ref start, (nuint)i);
                // x − x is 0 for finite x and NaN for NaN or ±∞.
                if (!Vector256.EqualsAll(v - v, Vector256<float>.Zero)) break;
            }
        }
        for (; i < samples.Length; i++)
            if (!float.IsFinite(samples[i])) return i;
        return -1;
    }
}
