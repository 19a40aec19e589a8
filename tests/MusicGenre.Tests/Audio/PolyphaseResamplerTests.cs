using MusicGenre.Audio.Resampling;

namespace MusicGenre.Tests.Audio;

/// <summary>The resampler's length rule, pass band, stop band and time alignment, on analytic signals.</summary>
public class PolyphaseResamplerTests
{
    [Theory]
    [InlineData(44100, 22050, 441000, 220500)]
    [InlineData(48000, 22050, 480000, 220500)]
    [InlineData(8000, 22050, 80000, 220500)]
    [InlineData(44100, 22050, 3, 2)]   // ceil(1.5)
    [InlineData(48000, 22050, 1, 1)]
    [InlineData(22050, 16000, 661794, 480214)] // ceil(480213.33)
    public void OutputLength_IsCeilOfTheRatio(int source, int target, long input, long expected)
    {
        var r = PolyphaseResampler.For(source, target);
        Assert.Equal(expected, r.OutputLength(input));
    }

    [Theory]
    [InlineData(44100, 22050, 1000.0)]
    [InlineData(44100, 22050, 9000.0)]
    [InlineData(48000, 22050, 5000.0)]
    [InlineData(8000, 22050, 3000.0)]
    [InlineData(22050, 44100, 7000.0)]
    [InlineData(44101, 22050, 2000.0)] // L = 22050 phases: the rounded-phase path
    public void PassBandTone_IsPreservedAndAligned(int source, int target, double hz)
    {
        var input = Tone(hz, source, source); // 1 s
        var output = PolyphaseResampler.For(source, target).Process(input);
        var expected = Tone(hz, target, output.Length);
        // Ignore the edges, where the filter sees the signal start and stop.
        int margin = target / 20;
        double snr = SignalComparison.SnrDb(expected.AsSpan(margin, output.Length - 2 * margin), output.AsSpan(margin, output.Length - 2 * margin));
        Assert.True(snr > (source == 44101 ? 70 : 90), $"{source}->{target} {hz} Hz: SNR {snr:F1} dB");
    }

    [Theory]
    [InlineData(44100, 22050, 12000.0)]
    [InlineData(48000, 22050, 15000.0)]
    [InlineData(44100, 22050, 20000.0)]
    public void StopBandTone_IsRejected(int source, int target, double hz)
    {
        var output = PolyphaseResampler.For(source, target).Process(Tone(hz, source, source));
        double rms = Math.Sqrt(output.Skip(target / 10).Take(target * 8 / 10).Average(x => (double)x * x));
        double db = 20 * Math.Log10(rms / Math.Sqrt(0.5));
        Assert.True(db < -100, $"{hz} Hz leaks at {db:F1} dB");
    }

    [Fact]
    public void Resampler_IsSharedPerRatePair_AndSafeAcrossThreads()
    {
        Assert.Same(PolyphaseResampler.For(44100, 22050), PolyphaseResampler.For(44100, 22050));
        var input = Tone(440, 44100, 44100);
        var expected = PolyphaseResampler.For(44100, 22050).Process(input);
        Parallel.For(0, 8, _ => Assert.Equal(expected, PolyphaseResampler.For(44100, 22050).Process(input)));
    }

    [Theory]
    [InlineData(44100, 22050)]
    [InlineData(48000, 16000)]
    [InlineData(48000, 24000)]
    [InlineData(44100, 11025)]
    public void IntegerDecimation_VectorisedPath_EqualsTheGeneralPath(int source, int target)
    {
        var random = new Random(source + target);
        var resampler = PolyphaseResampler.For(source, target);
        foreach (int n in new[] { 1, 2, 7, 100, 333, 1000, 10_007, 44_100 })
        {
            var x = new float[n];
            for (int i = 0; i < n; i++) x[i] = (float)(random.NextDouble() * 2 - 1);
            var fast = resampler.Process(x);
            var general = new float[fast.Length];
            resampler.ProcessGeneral(x, general);
            double error = 0, signal = 0;
            for (int i = 0; i < fast.Length; i++)
            {
                error += (fast[i] - (double)general[i]) * (fast[i] - (double)general[i]);
                signal += (double)general[i] * general[i];
                Assert.True(Math.Abs(fast[i] - general[i]) <= 2e-6f, $"n={n}, output {i}: {fast[i]} vs {general[i]}");
            }
            double snr = 10 * Math.Log10(signal / Math.Max(error, 1e-300));
            if (signal > 0) Assert.True(snr > 125, $"n={n}: the two paths differ by more than float rounding ({snr:F1} dB)");
        }
    }

    [Fact]
    public void EmptyInput_GivesEmptyOutput() => Assert.Empty(PolyphaseResampler.For(44100, 22050).Process([]));

    private static float[] Tone(double hz, int rate, int length)
    {
        var x = new float[length];
        for (int i = 0; i < length; i++) x[i] = (float)(0.5 * Math.Sin(2 * Math.PI * hz * i / rate));
        return x;
    }
}
