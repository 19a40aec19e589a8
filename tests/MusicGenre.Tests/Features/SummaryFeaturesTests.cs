using MusicGenre.Features;

namespace MusicGenre.Tests.Features;

public class SummaryFeaturesTests
{
    private const int Rate = 22050;

    private static int Index(SummaryFeatures features, string name) => features.FeatureNames.ToList().IndexOf(name);

    [Theory]
    [InlineData(440.0)]
    [InlineData(1000.0)]
    [InlineData(3150.0)]
    public void CentroidOfAPureToneIsItsFrequencyWithinABin(double hz)
    {
        var features = new SummaryFeatures();
        var summary = features.Compute(TestSignals.Sine(hz, Rate, Rate * 2));
        Assert.InRange(summary[Index(features, "centroid_mean")], hz - Rate / 2048.0, hz + Rate / 2048.0);
    }

    [Theory]
    [InlineData(100.0)]
    [InlineData(1000.0)]
    public void ZeroCrossingRateOfASineIsTwiceItsFrequencyOverTheRate(double hz)
    {
        var samples = TestSignals.Sine(hz, Rate, Rate * 2);
        var rates = new float[ZeroCrossingRate.FrameCount(samples.Length)];
        ZeroCrossingRate.Compute(samples, rates);
        double expected = 2 * hz / Rate * 2047 / 2048;
        // Interior frames (away from the edge padding) hold ⌊⌋ or ⌈⌉ of the expected crossings.
        for (int t = 4; t < rates.Length - 4; t++) Assert.InRange(rates[t], expected - 1.0 / 2048, expected + 1.0 / 2048);
    }

    [Fact]
    public void ZeroCrossingRateCountsSignChangesExactly()
    {
        // +,-,+,- ... alternates every sample: 2047 crossings in every fully interior frame of 2048.
        var samples = Enumerable.Range(0, 8192).Select(i => i % 2 == 0 ? 0.5f : -0.5f).ToArray();
        var rates = new float[ZeroCrossingRate.FrameCount(samples.Length)];
        ZeroCrossingRate.Compute(samples, rates);
        Assert.Equal(2047f / 2048f, rates[4], 6);
        // Tiny values count as zero (positive): no crossings.
        var tiny = Enumerable.Range(0, 4096).Select(i => i % 2 == 0 ? 1e-11f : -1e-11f).ToArray();
        ZeroCrossingRate.Compute(tiny, rates);
        Assert.Equal(0f, rates[3]);
    }

    [Fact]
    public void ChromaOfA440PeaksAtAAndTuningIsZero()
    {
        var features = new SummaryFeatures();
        var summary = features.Compute(TestSignals.Sine(440, Rate, Rate * 2));
        int a = Index(features, "chroma_A_mean");
        Assert.True(summary[a] > 0.99f, $"chroma A mean {summary[a]}");
        for (int c = 0; c < 12; c++)
            if (c != a - Index(features, "chroma_C_mean")) Assert.True(summary[Index(features, "chroma_C_mean") + c] < 0.5f);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.25)]
    [InlineData(-0.3)]
    public void TuningEstimateRecoversADetunedTone(double tuning)
    {
        double hz = 440 * Math.Pow(2, tuning / 12);
        var samples = TestSignals.Sine(hz, Rate, Rate * 2);
        int frames = new MelSpectrogram(new MelSpectrogramOptions { NMels = 1 }).FrameCount(samples.Length), bins = 1025;
        var power = new float[frames * bins];
        var frame = new double[bins];
        var stftPower = new StftPower(2048, 512, 2048, true);
        for (int t = 0; t < frames; t++)
        {
            stftPower.Frame(samples, t, frame);
            for (int k = 0; k < bins; k++) power[t * bins + k] = (float)frame[k];
        }
        // Parabolic interpolation on a power spectrum (what librosa's chroma_stft feeds piptrack) is slightly biased.
        Assert.InRange(TuningEstimator.Estimate(power, frames, Rate, 2048), tuning - 0.05, tuning + 0.05);
    }

    [Fact]
    public void MfccStatisticsMatchTheMfccExtractor()
    {
        var samples = TestSignals.Noise(Rate, seed: 11);
        var features = new SummaryFeatures();
        var summary = features.Compute(samples);
        var mfcc = new Mfcc().Compute(samples);
        int frames = mfcc.Length / 20;
        for (int k = 0; k < 20; k++)
        {
            var row = mfcc.AsSpan(k * frames, frames).ToArray();
            double mean = row.Average(v => (double)v);
            double std = Math.Sqrt(row.Average(v => (v - mean) * (v - mean)));
            Assert.Equal(mean, summary[k], 1e-3);
            Assert.Equal(std, summary[20 + k], 1e-3);
        }
        Assert.Equal(features.FeatureCount, features.FeatureNames.Count);
        Assert.Equal(68, features.FeatureCount);
    }

    [Fact]
    public void BadSignalsAreRejected()
    {
        var features = new SummaryFeatures();
        Assert.Throws<ArgumentException>(() => features.Compute([]));
        Assert.Contains("index 3", Assert.Throws<ArgumentException>(() => features.Compute([0, 0, 0, float.NaN])).Message);
        var e = Assert.Throws<ArgumentException>(() => new SummaryFeatures(new SummaryFeaturesOptions { NMels = 10, HopLength = 0 }));
        Assert.Contains("NMels", e.Message);
        Assert.Contains("HopLength", e.Message);
    }
}
