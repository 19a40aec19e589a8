using MusicGenre.Features;

namespace MusicGenre.Tests.Features;

/// <summary>Behaviour of <see cref="MelSpectrogram"/> beyond the librosa fixtures: edge cases, options, buffers.</summary>
public class MelSpectrogramTests
{
    [Theory]
    [InlineData(661500, 1292)]
    [InlineData(661794, 1293)]
    [InlineData(88200, 173)]
    [InlineData(1000, 2)]
    [InlineData(1, 1)]
    public void FrameCountFollowsLibrosaCentring(int samples, int frames)
        => Assert.Equal(frames, new MelSpectrogram().FrameCount(samples));

    [Fact]
    public void FrameCountWithoutCentringDropsPartialFrames()
    {
        var mel = new MelSpectrogram(new MelSpectrogramOptions { Center = false });
        Assert.Equal(0, mel.FrameCount(2047));
        Assert.Equal(1, mel.FrameCount(2048));
        Assert.Equal(2, mel.FrameCount(2048 + 512));
    }

    [Fact]
    public void SilenceGivesZeroPowerAndTheAMinFloorInDb()
    {
        var silence = new float[22050];
        var mel = new MelSpectrogram(new MelSpectrogramOptions { NMels = 64 });
        Assert.All(mel.Compute(silence), v => Assert.Equal(0f, v));
        Assert.All(new LogMelSpectrogram(new MelSpectrogramOptions { NMels = 64 }).Compute(silence), v => Assert.Equal(-100f, v, 4));
    }

    [Fact]
    public void OneSampleGivesOneFrameWhoseSpectrumIsFlat()
    {
        // Centred, the only sample sits at the window's peak (index NFft/2, weight 1): |X_k|² = x² for every bin,
        // so each band holds x² times the sum of its filter weights.
        const float x = 0.5f;
        var options = new MelSpectrogramOptions { NMels = 40 };
        var mel = new MelSpectrogram(options);
        var result = mel.Compute([x]);
        Assert.Equal(40, result.Length);
        for (int m = 0; m < 40; m++)
        {
            double expected = x * x * mel.FilterBank.Weights(m).ToArray().Sum(w => (double)w);
            Assert.Equal(expected, result[m], expected * 1e-6);
        }
    }

    [Theory]
    [InlineData(float.NaN, 17)]
    [InlineData(float.PositiveInfinity, 4000)]
    [InlineData(float.NegativeInfinity, 0)]
    public void NonFiniteInputIsRejectedNamingTheIndex(float bad, int index)
    {
        var samples = new float[5000];
        samples[index] = bad;
        var e = Assert.Throws<ArgumentException>(() => new MelSpectrogram().Compute(samples));
        Assert.Contains($"index {index}", e.Message);
    }

    [Fact]
    public void EmptyInputIsRejected()
        => Assert.Contains("empty", Assert.Throws<ArgumentException>(() => new MelSpectrogram().Compute([])).Message);

    [Fact]
    public void ShortInputWithoutCentringIsRejected()
        => Assert.Contains("NFft", Assert.Throws<ArgumentException>(
            () => new MelSpectrogram(new MelSpectrogramOptions { Center = false }).Compute(new float[100])).Message);

    [Fact]
    public void InvalidOptionsAreReportedTogether()
    {
        var e = Assert.Throws<ArgumentException>(() => new MelSpectrogram(new MelSpectrogramOptions
        {
            SampleRate = 0, NFft = 1000, HopLength = -1, NMels = 0, WinLength = 5000, FMin = -3, Power = float.NaN,
        }));
        foreach (var name in new[] { "SampleRate", "NFft", "HopLength", "NMels", "WinLength", "FMin", "Power" })
            Assert.Contains(name, e.Message);
    }

    [Fact]
    public void SpanOverloadMatchesArrayOverloadAndChecksTheBuffer()
    {
        var samples = TestSignals.Noise(30000, seed: 3);
        var mel = new MelSpectrogram(new MelSpectrogramOptions { NMels = 64 });
        var expected = mel.Compute(samples);
        var buffer = new float[expected.Length + 7];
        mel.Compute(samples, buffer);
        Assert.Equal(expected, buffer[..expected.Length]);
        Assert.Throws<ArgumentException>(() => mel.Compute(samples, new float[expected.Length - 1]));
    }

    [Fact]
    public void SpanOverloadAllocatesNothingOnceWarm()
    {
        var samples = TestSignals.Noise(22050 * 4, seed: 1);
        var logMel = new LogMelSpectrogram(new MelSpectrogramOptions { NMels = 64 });
        var buffer = new float[logMel.OutputLength(samples.Length)];
        logMel.Compute(samples, buffer);
        long before = GC.GetAllocatedBytesForCurrentThread();
        logMel.Compute(samples, buffer);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData(512, 256, 400, true, false, 1f, false, 16000, 96, 50f, 8000f)]
    [InlineData(256, 100, 256, false, true, 2f, true, 22050, 20, 0f, null)]
    [InlineData(2048, 512, 2048, true, true, 1.5f, true, 22050, 64, 0f, null)]
    public void MatchesADirectDftForOtherOptions(int nFft, int hop, int win, bool center, bool slaney, float power, bool htk,
        int sr, int nMels, float fMin, float? fMax)
    {
        var options = new MelSpectrogramOptions
        {
            NFft = nFft, HopLength = hop, WinLength = win, Center = center, SlaneyNorm = slaney, Power = power,
            Htk = htk, SampleRate = sr, NMels = nMels, FMin = fMin, FMax = fMax,
        };
        var samples = TestSignals.Noise(3000, seed: 7);
        var actual = new MelSpectrogram(options).Compute(samples);
        var expected = DirectReference(samples, options);
        Assert.Equal(expected.Length, actual.Length);
        double max = expected.Max();
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-5 * expected[i] + 1e-9 * max, $"index {i}: {actual[i]} vs {expected[i]}");
    }

    /// <summary>Textbook mel spectrogram: explicit padding, O(N²) DFT, dense filters.</summary>
    private static double[] DirectReference(float[] samples, MelSpectrogramOptions o)
    {
        int nFft = o.NFft, bins = nFft / 2 + 1, win = o.EffectiveWinLength;
        var padded = o.Center ? new double[samples.Length + nFft] : samples.Select(v => (double)v).ToArray();
        if (o.Center) for (int i = 0; i < samples.Length; i++) padded[i + nFft / 2] = samples[i];
        int frames = 1 + (padded.Length - nFft) / o.HopLength;
        var window = new double[nFft];
        for (int n = 0; n < win; n++) window[(nFft - win) / 2 + n] = 0.5 - 0.5 * Math.Cos(2 * Math.PI * n / win);
        var filters = MelFilterBank.CreateDense(o);
        var result = new double[o.NMels * frames];
        var spectrum = new double[bins];
        for (int t = 0; t < frames; t++)
        {
            for (int k = 0; k < bins; k++)
            {
                double re = 0, im = 0;
                for (int n = 0; n < nFft; n++)
                {
                    double v = padded[t * o.HopLength + n] * window[n], a = -2 * Math.PI * k * n / nFft;
                    re += v * Math.Cos(a);
                    im += v * Math.Sin(a);
                }
                spectrum[k] = Math.Pow(Math.Sqrt(re * re + im * im), o.Power);
            }
            for (int m = 0; m < o.NMels; m++)
            {
                double sum = 0;
                for (int k = 0; k < bins; k++) sum += filters[m * bins + k] * spectrum[k];
                result[m * frames + t] = sum;
            }
        }
        return result;
    }
}
