using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MusicGenre.Features;

/// <summary>
/// Forward FFT of a real signal whose length is a power of two, in double precision (as numpy's pocketfft, which
/// librosa's STFT uses). A complex FFT of half the length on the even/odd-packed input (split real and imaginary
/// arrays; a fused bit-reversed gather and radix-4 first stage, then radix-2² SIMD passes with precomputed twiddles),
/// then the real-input unpacking straight to power.
/// </summary>
/// <remarks>Holds scratch buffers: not thread-safe; use one instance per thread. Allocates nothing per call.</remarks>
internal sealed class RealFft
{
    private readonly int _n;
    private readonly int _half;
    private readonly int[] _bitReverse;
    private readonly double[] _stageCos;
    private readonly double[] _stageSin;
    private readonly double[] _unpackCos;
    private readonly double[] _unpackSin;
    private readonly double[] _re;
    private readonly double[] _im;

    /// <summary>Prepares an FFT of length <paramref name="n"/> (a power of two, at least 16).</summary>
    public RealFft(int n)
    {
        if (n < 16 || (n & (n - 1)) != 0) throw new ArgumentOutOfRangeException(nameof(n), n, "The FFT length must be a power of two >= 16.");
        _n = n;
        _half = n / 2;
        int m = _half, bits = BitOperations.Log2((uint)m);
        _bitReverse = new int[m];
        for (int i = 0; i < m; i++)
        {
            int r = 0;
            for (int b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
            _bitReverse[i] = r;
        }
        // Twiddles of the stage whose butterflies are h apart live at [h, 2h): exp(-2πi j / 2h).
        _stageCos = new double[m];
        _stageSin = new double[m];
        for (int h = 1; h < m; h <<= 1)
            for (int j = 0; j < h; j++)
            {
                double angle = -Math.PI * j / h;
                _stageCos[h + j] = Math.Cos(angle);
                _stageSin[h + j] = Math.Sin(angle);
            }
        _unpackCos = new double[m / 2 + 1];
        _unpackSin = new double[m / 2 + 1];
        for (int k = 0; k <= m / 2; k++)
        {
            double angle = -2.0 * Math.PI * k / n;
            _unpackCos[k] = Math.Cos(angle);
            _unpackSin[k] = Math.Sin(angle);
        }
        _re = new double[m];
        _im = new double[m];
    }

    /// <summary>The transform length.</summary>
    public int Length => _n;

    /// <summary>
    /// Computes bins 0..n/2 of the DFT of <paramref name="input"/> (n values) into <paramref name="re"/> and
    /// <paramref name="im"/> (n/2 + 1 values each).
    /// </summary>
    public void Forward(ReadOnlySpan<double> input, Span<double> re, Span<double> im)
    {
        if (input.Length != _n) throw new ArgumentException($"Expected {_n} samples, got {input.Length}.", nameof(input));
        if (re.Length < _half + 1 || im.Length < _half + 1) throw new ArgumentException($"The output needs {_half + 1} bins.");
        Transform(input);
        Unpack(_re, _im, re, im);
    }

    /// <summary>
    /// Computes the power spectrum |X_k|² for k = 0..n/2 of <paramref name="input"/> (n values) into
    /// <paramref name="power"/> (n/2 + 1 values).
    /// </summary>
    public void ForwardPower(ReadOnlySpan<double> input, Span<double> power)
    {
        if (input.Length != _n) throw new ArgumentException($"Expected {_n} samples, got {input.Length}.", nameof(input));
        if (power.Length < _half + 1) throw new ArgumentException($"The output needs {_half + 1} bins.", nameof(power));
        Transform(input);
        UnpackPower(_re, _im, power);
    }

    private void Transform(ReadOnlySpan<double> input)
    {
        var zr = _re;
        var zi = _im;
        var rev = _bitReverse;
        int m = _half;
        // Bit-reversed gather of the even/odd packed input fused with stages h = 1 and h = 2 (a radix-4 butterfly
        // with trivial twiddles on each block of 4). z[j] = x[2j] + i·x[2j+1]; position s holds z[rev[s]].
        for (int s = 0; s < m; s += 4)
        {
            int p0 = 2 * rev[s], p1 = 2 * rev[s + 1], p2 = 2 * rev[s + 2], p3 = 2 * rev[s + 3];
            double x0r = input[p0], x0i = input[p0 + 1], x1r = input[p1], x1i = input[p1 + 1];
            double x2r = input[p2], x2i = input[p2 + 1], x3r = input[p3], x3i = input[p3 + 1];
            double a0r = x0r + x1r, a0i = x0i + x1i;
            double a1r = x0r - x1r, a1i = x0i - x1i;
            double b0r = x2r + x3r, b0i = x2i + x3i;
            double b1r = x2r - x3r, b1i = x2i - x3i;
            zr[s] = a0r + b0r; zi[s] = a0i + b0i;
            zr[s + 2] = a0r - b0r; zi[s + 2] = a0i - b0i;
            // b1 · (-i) = (b1i, -b1r)
            zr[s + 1] = a1r + b1i; zi[s + 1] = a1i - b1r;
            zr[s + 3] = a1r - b1i; zi[s + 3] = a1i + b1r;
        }
        ComplexStages(zr, zi);
    }

    private void ComplexStages(double[] zr, double[] zi)
    {
        int m = _half;
        ref double rr = ref MemoryMarshal.GetArrayDataReference(zr);
        ref double ri = ref MemoryMarshal.GetArrayDataReference(zi);
        ref double wc = ref MemoryMarshal.GetArrayDataReference(_stageCos);
        ref double ws = ref MemoryMarshal.GetArrayDataReference(_stageSin);
        // The remaining radix-2 stages h = 4, 8, ..., m/2, two at a time (radix-2², half the loads and stores), the
        // last one alone when their count is odd. (8-lane AVX-512 passes measured no faster than these 4-lane ones.)
        int h = 4;
        for (; 4 * h <= m; h *= 4) Radix4Pass(ref rr, ref ri, ref wc, ref ws, m, h);
        if (h < m)
        {
            for (int s = 0; s < m; s += 2 * h)
            {
                for (int j = 0; j < h; j += 4)
                {
                    nuint a = (nuint)(s + j), b = (nuint)(s + j + h), t = (nuint)(h + j);
                    var wr = Vector256.LoadUnsafe(ref wc, t);
                    var wi = Vector256.LoadUnsafe(ref ws, t);
                    var br = Vector256.LoadUnsafe(ref rr, b);
                    var bi = Vector256.LoadUnsafe(ref ri, b);
                    var ar = Vector256.LoadUnsafe(ref rr, a);
                    var ai = Vector256.LoadUnsafe(ref ri, a);
                    var tr = br * wr - bi * wi;
                    var ti = br * wi + bi * wr;
                    (ar + tr).StoreUnsafe(ref rr, a);
                    (ai + ti).StoreUnsafe(ref ri, a);
                    (ar - tr).StoreUnsafe(ref rr, b);
                    (ai - ti).StoreUnsafe(ref ri, b);
                }
            }
        }
    }

    // Stages h and 2h fused. For each block of 4h and j < h: x0..x3 at j, j+h, j+2h, j+3h;
    // stage h: a0,1 = x0 ± w1·x1, a2,3 = x2 ± w1·x3 (w1 = e^{-iπj/h});
    // stage 2h: y0,2 = a0 ± w2·a2, y1,3 = a1 ± (−i)·w2·a3 (w2 = e^{-iπj/2h}; e^{-iπ(j+h)/2h} = −i·w2).
    private static void Radix4Pass(ref double rr, ref double ri, ref double wc, ref double ws, int m, int h)
    {
        for (int s = 0; s < m; s += 4 * h)
        {
            for (int j = 0; j < h; j += 4)
            {
                nuint p0 = (nuint)(s + j), p1 = p0 + (nuint)h, p2 = p1 + (nuint)h, p3 = p2 + (nuint)h;
                var w1r = Vector256.LoadUnsafe(ref wc, (nuint)(h + j));
                var w1i = Vector256.LoadUnsafe(ref ws, (nuint)(h + j));
                var w2r = Vector256.LoadUnsafe(ref wc, (nuint)(2 * h + j));
                var w2i = Vector256.LoadUnsafe(ref ws, (nuint)(2 * h + j));
                var x0r = Vector256.LoadUnsafe(ref rr, p0); var x0i = Vector256.LoadUnsafe(ref ri, p0);
                var x1r = Vector256.LoadUnsafe(ref rr, p1); var x1i = Vector256.LoadUnsafe(ref ri, p1);
                var x2r = Vector256.LoadUnsafe(ref rr, p2); var x2i = Vector256.LoadUnsafe(ref ri, p2);
                var x3r = Vector256.LoadUnsafe(ref rr, p3); var x3i = Vector256.LoadUnsafe(ref ri, p3);
                var t1r = x1r * w1r - x1i * w1i; var t1i = x1r * w1i + x1i * w1r;
                var t3r = x3r * w1r - x3i * w1i; var t3i = x3r * w1i + x3i * w1r;
                var a0r = x0r + t1r; var a0i = x0i + t1i;
                var a1r = x0r - t1r; var a1i = x0i - t1i;
                var a2r = x2r + t3r; var a2i = x2i + t3i;
                var a3r = x2r - t3r; var a3i = x2i - t3i;
                var u2r = a2r * w2r - a2i * w2i; var u2i = a2r * w2i + a2i * w2r;
                var u3r = a3r * w2r - a3i * w2i; var u3i = a3r * w2i + a3i * w2r;
                // (−i)·u3 = (u3i, −u3r)
                (a0r + u2r).StoreUnsafe(ref rr, p0); (a0i + u2i).StoreUnsafe(ref ri, p0);
                (a0r - u2r).StoreUnsafe(ref rr, p2); (a0i - u2i).StoreUnsafe(ref ri, p2);
                (a1r + u3i).StoreUnsafe(ref rr, p1); (a1i - u3r).StoreUnsafe(ref ri, p1);
                (a1r - u3i).StoreUnsafe(ref rr, p3); (a1i + u3r).StoreUnsafe(ref ri, p3);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Unpack(double[] zr, double[] zi, Span<double> re, Span<double> im)
    {
        int m = _half;
        re[0] = zr[0] + zi[0];
        im[0] = 0;
        re[m] = zr[0] - zi[0];
        im[m] = 0;
        var uc = _unpackCos;
        var us = _unpackSin;
        for (int k = 1; k <= m / 2; k++)
        {
            int c = m - k;
            // E = (Z[k] + conj Z[m-k]) / 2, O = (Z[k] - conj Z[m-k]) / 2i, X[k] = E + W^k O, X[m-k] = conj(E - W^k O).
            double er = 0.5 * (zr[k] + zr[c]), ei = 0.5 * (zi[k] - zi[c]);
            double or = 0.5 * (zi[k] + zi[c]), oi = -0.5 * (zr[k] - zr[c]);
            double wr = uc[k], wi = us[k];
            double tr = wr * or - wi * oi, ti = wr * oi + wi * or;
            re[k] = er + tr; im[k] = ei + ti;
            re[c] = er - tr; im[c] = -(ei - ti);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void UnpackPower(double[] zr, double[] zi, Span<double> power)
    {
        int m = _half, quarter = m / 2;
        power[0] = Square(zr[0] + zi[0]);
        power[m] = Square(zr[0] - zi[0]);
        ref double rr = ref MemoryMarshal.GetArrayDataReference(zr);
        ref double ri = ref MemoryMarshal.GetArrayDataReference(zi);
        ref double uc = ref MemoryMarshal.GetArrayDataReference(_unpackCos);
        ref double us = ref MemoryMarshal.GetArrayDataReference(_unpackSin);
        ref double p = ref MemoryMarshal.GetReference(power);
        var half = Vector256.Create(0.5);
        var reverse = Vector256.Create(3L, 2, 1, 0);
        int k = 1;
        for (; k + 3 < quarter; k += 4)
        {
            nuint kk = (nuint)k, cc = (nuint)(m - k - 3);
            var zrk = Vector256.LoadUnsafe(ref rr, kk);
            var zik = Vector256.LoadUnsafe(ref ri, kk);
            var zrc = Vector256.Shuffle(Vector256.LoadUnsafe(ref rr, cc), reverse);
            var zic = Vector256.Shuffle(Vector256.LoadUnsafe(ref ri, cc), reverse);
            var er = half * (zrk + zrc);
            var ei = half * (zik - zic);
            var or = half * (zik + zic);
            var oi = half * (zrc - zrk);
            var wr = Vector256.LoadUnsafe(ref uc, kk);
            var wi = Vector256.LoadUnsafe(ref us, kk);
            var tr = wr * or - wi * oi;
            var ti = wr * oi + wi * or;
            var xr = er + tr;
            var xi = ei + ti;
            var yr = er - tr;
            var yi = ei - ti;
            (xr * xr + xi * xi).StoreUnsafe(ref p, kk);
            Vector256.Shuffle(yr * yr + yi * yi, reverse).StoreUnsafe(ref p, cc);
        }
        for (; k <= quarter; k++)
        {
            int c = m - k;
            double er = 0.5 * (zr[k] + zr[c]), ei = 0.5 * (zi[k] - zi[c]);
            double or = 0.5 * (zi[k] + zi[c]), oi = -0.5 * (zr[k] - zr[c]);
            double wr = _unpackCos[k], wi = _unpackSin[k];
            double tr = wr * or - wi * oi, ti = wr * oi + wi * or;
            power[k] = Square(er + tr) + Square(ei + ti);
            power[c] = Square(er - tr) + Square(ei - ti);
        }
    }

    private static double Square(double x) => x * x;
}
