using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MusicGenre.Audio.Resampling;

/// <summary>
/// Band-limited sample-rate conversion with a precomputed polyphase table of a Kaiser-windowed sinc (see
/// <see cref="KaiserSincFilter"/>), close to librosa's default <c>soxr_hq</c>. Output sample <c>k</c> sits exactly at
/// input time <c>k · source / target</c> (no delay); the output length is <c>ceil(n · target / source)</c>, as
/// librosa gives. Instances are immutable and thread-safe; <see cref="For"/> caches one per rate pair.
/// </summary>
public sealed class PolyphaseResampler
{
    /// <summary>Phases beyond this are rounded to the nearest of this many (time error ≤ 1/8192 sample).</summary>
    private const int MaxPhases = 4096;

    /// <summary>Largest polyphase table (coefficients), 64 MB: bounds extreme ratios such as 1.5 MHz → 10 Hz.</summary>
    private const long MaxTableEntries = 1 << 24;

    /// <summary>Rate pairs kept in the cache; others (damaged headers claim any rate) are built per call and dropped.</summary>
    private const int MaxCachedPairs = 32;

    /// <summary>Largest table kept in the cache (4 MB).</summary>
    private const long MaxCachedTableEntries = 1 << 20;

    private static readonly ConcurrentDictionary<(int, int), PolyphaseResampler> Cache = new();

    private readonly float[] _table; // [phase][tap]
    private readonly int _taps;      // taps per phase (even)
    private readonly int _before;    // taps at or before the output position: n = i - _before + 1 + j
    private readonly long _up;       // L: target / gcd
    private readonly long _down;     // M: source / gcd
    private readonly int _phases;    // rows in the table (L, or MaxPhases when L is larger)
    private readonly DecimatingFilter? _decimating; // integer-ratio down-sampling (L = 1): the vectorised path

    private PolyphaseResampler(int sourceRate, int targetRate)
    {
        SourceRate = sourceRate;
        TargetRate = targetRate;
        long g = Gcd(sourceRate, targetRate);
        _up = targetRate / g;
        _down = sourceRate / g;
        _phases = (int)Math.Min(_up, MaxPhases);

        double halfWidth = KaiserSincFilter.HalfWidth(sourceRate, targetRate);
        double cutoff = KaiserSincFilter.Cutoff(sourceRate, targetRate);
        double beta = KaiserSincFilter.Beta;
        double i0Beta = KaiserSincFilter.BesselI0(beta);
        _before = (int)Math.Ceiling(halfWidth);
        _taps = 2 * _before;
        if ((long)_taps * _phases > MaxTableEntries)
        {
            throw new ArgumentOutOfRangeException(nameof(targetRate),
                $"Resampling {sourceRate} Hz to {targetRate} Hz needs a {_taps}-tap × {_phases}-phase filter; the ratio is too extreme (at most {MaxTableEntries} coefficients).");
        }
        _table = new float[_phases * _taps];
        for (int p = 0; p < _phases; p++)
        {
            double frac = (double)p / _phases;
            var row = _table.AsSpan(p * _taps, _taps);
            for (int j = 0; j < _taps; j++)
            {
                double t = frac + _before - 1 - j; // output position minus input index
                row[j] = (float)KaiserSincFilter.Evaluate(t, cutoff, halfWidth, beta, i0Beta);
            }
        }
        if (_up == 1 && _down > 1 && Vector.IsHardwareAccelerated) _decimating = new DecimatingFilter((int)_down, _table.AsSpan(0, _taps), 1 - _before);
    }

    /// <summary>Input rate, in Hz.</summary>
    public int SourceRate { get; }

    /// <summary>Output rate, in Hz.</summary>
    public int TargetRate { get; }

    /// <summary>Taps per output sample (the filter length in input samples).</summary>
    public int TapsPerPhase => _taps;

    /// <summary>The resampler for a rate pair: cached and shared for the first 32 pairs with tables up to 4 MB.</summary>
    /// <param name="sourceRate">Input rate in Hz.</param>
    /// <param name="targetRate">Output rate in Hz.</param>
    public static PolyphaseResampler For(int sourceRate, int targetRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sourceRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetRate);
        if (Cache.TryGetValue((sourceRate, targetRate), out var cached)) return cached;
        var created = new PolyphaseResampler(sourceRate, targetRate);
        // Bounded: a library of damaged files, each claiming another rate, must not grow the cache without end.
        if (Cache.Count < MaxCachedPairs && created._table.Length <= MaxCachedTableEntries) return Cache.GetOrAdd((sourceRate, targetRate), created);
        return created;
    }

    /// <summary>Output length for <paramref name="inputLength"/> input samples: <c>ceil(n · target / source)</c>.</summary>
    public long OutputLength(long inputLength)
        => (long)(((Int128)inputLength * TargetRate + SourceRate - 1) / SourceRate);

    /// <summary>Output samples computed between two cancellation checks.</summary>
    private const int BlockLength = 1 << 15;

    /// <summary>Resamples one channel into a new array of <see cref="OutputLength"/> samples.</summary>
    /// <param name="input">Input samples at <see cref="SourceRate"/>.</param>
    /// <param name="cancellationToken">Checked between blocks of 32,768 output samples.</param>
    public float[] Process(ReadOnlySpan<float> input, CancellationToken cancellationToken = default)
    {
        var output = new float[OutputLength(input.Length)];
        Process(input, output, cancellationToken);
        return output;
    }

    /// <summary>Resamples one channel; <paramref name="output"/> receives up to <see cref="OutputLength"/> samples.</summary>
    /// <param name="input">Input samples at <see cref="SourceRate"/>; zeros are assumed outside it.</param>
    /// <param name="output">Destination at <see cref="TargetRate"/>; at most <c>OutputLength(input.Length)</c> are written.</param>
    public void Process(ReadOnlySpan<float> input, Span<float> output) => Process(input, output, CancellationToken.None);

    /// <summary>Resamples one channel, checking <paramref name="cancellationToken"/> between blocks of 32,768 output samples.</summary>
    /// <param name="input">Input samples at <see cref="SourceRate"/>; zeros are assumed outside it.</param>
    /// <param name="output">Destination at <see cref="TargetRate"/>; at most <c>OutputLength(input.Length)</c> are written.</param>
    /// <param name="cancellationToken">Cancels the conversion.</param>
    /// <exception cref="OperationCanceledException">Cancelled; <paramref name="output"/> is partly written.</exception>
    public void Process(ReadOnlySpan<float> input, Span<float> output, CancellationToken cancellationToken)
    {
        int count = (int)Math.Min(output.Length, OutputLength(input.Length));
        if (_decimating is not null)
        {
            _decimating.Process(input, output, count, cancellationToken);
            return;
        }
        for (int from = 0; from < count; from += BlockLength)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ProcessBlock(input, output, from, Math.Min(count, from + BlockLength));
        }
    }

    /// <summary>The general polyphase path, also for ratios that have a vectorised one (tests compare the two).</summary>
    internal void ProcessGeneral(ReadOnlySpan<float> input, Span<float> output)
    {
        int count = (int)Math.Min(output.Length, OutputLength(input.Length));
        for (int from = 0; from < count; from += BlockLength) ProcessBlock(input, output, from, Math.Min(count, from + BlockLength));
    }

    /// <summary>Output samples <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive).</summary>
    private void ProcessBlock(ReadOnlySpan<float> input, Span<float> output, int from, int to)
    {
        ref float table = ref MemoryMarshal.GetArrayDataReference(_table);
        ref float source = ref MemoryMarshal.GetReference(input);
        int length = input.Length;
        bool exactPhases = _phases == _up;
        long position = from * _down; // k · M, in units of 1/L input samples
        for (int k = from; k < to; k++, position += _down)
        {
            long index = position / _up;
            long phase = position - index * _up;
            int row = exactPhases ? (int)phase : (int)((phase * _phases + _up / 2) / _up);
            if (row == _phases) { row = 0; index++; }
            long start = index - _before + 1; // first input sample under the filter
            ref float coefficients = ref Unsafe.Add(ref table, row * _taps);
            output[k] = start >= 0 && start + _taps <= length
                ? Dot(ref coefficients, ref Unsafe.Add(ref source, (nint)start), _taps)
                : EdgeDot(ref coefficients, input, start);
        }
    }

    /// <summary>The filter at the signal's edges, where it reaches past either end (zeros are assumed there).</summary>
    private float EdgeDot(ref float coefficients, ReadOnlySpan<float> input, long start)
    {
        float sum = 0;
        long from = Math.Max(0, -start), to = Math.Min(_taps, input.Length - start);
        for (long j = from; j < to; j++) sum += Unsafe.Add(ref coefficients, (nint)j) * input[(int)(start + j)];
        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Dot(ref float a, ref float b, int length)
    {
        int i = 0;
        float sum = 0;
        if (Vector.IsHardwareAccelerated && length >= Vector<float>.Count * 4)
        {
            // Four independent accumulators hide the add latency (the loop is latency-bound with one or two).
            var acc0 = Vector<float>.Zero;
            var acc1 = Vector<float>.Zero;
            var acc2 = Vector<float>.Zero;
            var acc3 = Vector<float>.Zero;
            int step = Vector<float>.Count;
            for (; i <= length - 4 * step; i += 4 * step)
            {
                acc0 += Vector.LoadUnsafe(ref a, (nuint)i) * Vector.LoadUnsafe(ref b, (nuint)i);
                acc1 += Vector.LoadUnsafe(ref a, (nuint)(i + step)) * Vector.LoadUnsafe(ref b, (nuint)(i + step));
                acc2 += Vector.LoadUnsafe(ref a, (nuint)(i + 2 * step)) * Vector.LoadUnsafe(ref b, (nuint)(i + 2 * step));
                acc3 += Vector.LoadUnsafe(ref a, (nuint)(i + 3 * step)) * Vector.LoadUnsafe(ref b, (nuint)(i + 3 * step));
            }
            for (; i <= length - step; i += step)
                acc0 += Vector.LoadUnsafe(ref a, (nuint)i) * Vector.LoadUnsafe(ref b, (nuint)i);
            sum = Vector.Sum((acc0 + acc1) + (acc2 + acc3));
        }
        for (; i < length; i++) sum += Unsafe.Add(ref a, i) * Unsafe.Add(ref b, i);
        return sum;
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }
}
