using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MusicGenre.Features;

/// <summary>
/// The power spectrum |STFT|² of one frame at a time, framed as librosa's <c>stft</c> (centred frames with zero
/// padding, or frames starting at t·hop), periodic Hann window zero-padded to NFft, double-precision FFT.
/// </summary>
/// <remarks>Holds scratch buffers: not thread-safe. Allocates nothing per frame.</remarks>
internal sealed class StftPower
{
    private readonly RealFft _fft;
    private readonly double[] _window;
    private readonly double[] _frame;
    private readonly int _hop;
    private readonly bool _center;

    public StftPower(int nFft, int hopLength, int winLength, bool center)
    {
        NFft = nFft;
        _hop = hopLength;
        _center = center;
        _fft = new RealFft(nFft);
        _window = Window.PeriodicHann(winLength, nFft);
        _frame = new double[nFft];
    }

    /// <summary>FFT length.</summary>
    public int NFft { get; }

    /// <summary>Bins per frame: NFft / 2 + 1.</summary>
    public int BinCount => NFft / 2 + 1;

    /// <summary>Number of frames librosa produces for <paramref name="sampleCount"/> samples.</summary>
    public int FrameCount(int sampleCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sampleCount);
        if (_center) return 1 + sampleCount / _hop;
        return sampleCount < NFft ? 0 : 1 + (sampleCount - NFft) / _hop;
    }

    /// <summary>Writes |X_k|² (k = 0..NFft/2) of frame <paramref name="t"/> into <paramref name="power"/>.</summary>
    public void Frame(ReadOnlySpan<float> samples, int t, Span<double> power)
    {
        int nFft = NFft;
        int begin = t * _hop - (_center ? nFft / 2 : 0);
        var frame = _frame;
        var window = _window;
        if (begin >= 0 && begin + nFft <= samples.Length)
        {
            WindowFrame(samples.Slice(begin, nFft), window, frame);
        }
        else
        {
            for (int n = 0; n < nFft; n++)
            {
                int i = begin + n;
                frame[n] = i >= 0 && i < samples.Length ? window[n] * samples[i] : 0.0;
            }
        }
        _fft.ForwardPower(frame, power);
    }

    private static void WindowFrame(ReadOnlySpan<float> source, double[] window, double[] frame)
    {
        int n = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref float src = ref MemoryMarshal.GetReference(source);
            ref double w = ref MemoryMarshal.GetArrayDataReference(window);
            ref double dst = ref MemoryMarshal.GetArrayDataReference(frame);
            for (; n <= source.Length - 8; n += 8)
            {
                var (lo, hi) = Vector256.Widen(Vector256.LoadUnsafe(ref src, (nuint)n));
                (lo * Vector256.LoadUnsafe(ref w, (nuint)n)).StoreUnsafe(ref dst, (nuint)n);
                (hi * Vector256.LoadUnsafe(ref w, (nuint)(n + 4))).StoreUnsafe(ref dst, (nuint)(n + 4));
            }
        }
        for (; n < source.Length; n++) frame[n] = window[n] * source[n];
    }
}
