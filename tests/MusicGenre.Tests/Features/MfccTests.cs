using MusicGenre.Features;

namespace MusicGenre.Tests.Features;

public class MfccTests
{
    [Fact]
    public void DctMatrixIsOrthonormal()
    {
        const int n = 16;
        var d = Mfcc.DctMatrix(n, n);
        for (int a = 0; a < n; a++)
            for (int b = 0; b < n; b++)
            {
                double dot = 0;
                for (int m = 0; m < n; m++) dot += d[a * n + m] * d[b * n + m];
                Assert.Equal(a == b ? 1.0 : 0.0, dot, 1e-12);
            }
    }

    [Fact]
    public void FirstCoefficientIsTheScaledMeanOfTheLogMel()
    {
        var samples = TestSignals.Noise(10000, seed: 5);
        var options = new MfccOptions { NMfcc = 13, Mel = new MelSpectrogramOptions { NMels = 40 } };
        var mfcc = new Mfcc(options).Compute(samples);
        var logMel = new LogMelSpectrogram(options.Mel).Compute(samples);
        int frames = logMel.Length / 40;
        Assert.Equal(13 * frames, mfcc.Length);
        for (int t = 0; t < frames; t++)
        {
            double sum = 0;
            for (int m = 0; m < 40; m++) sum += logMel[m * frames + t];
            Assert.Equal(sum / Math.Sqrt(40), mfcc[t], 1e-3);
        }
    }

    [Fact]
    public void TooManyCoefficientsIsRejected()
        => Assert.Contains("NMfcc", Assert.Throws<ArgumentException>(
            () => new Mfcc(new MfccOptions { NMfcc = 50, Mel = new MelSpectrogramOptions { NMels = 40 } })).Message);
}
