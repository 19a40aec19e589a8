using MusicGenre.Features;
using MusicGenre.Tests.TestInfrastructure;
using Xunit.Abstractions;

namespace MusicGenre.Tests.Features;

/// <summary>Parity of the mel power spectrogram, its dB form and MFCCs with every librosa fixture in the manifest.</summary>
public class MelSpectrogramParityTests(ITestOutputHelper output)
{
    public static TheoryData<string> PowerItems => LibrosaFixtures.Items(f => f.EndsWith(".power.npy", StringComparison.Ordinal));
    public static TheoryData<string> DbItems => LibrosaFixtures.Items(f => f.EndsWith(".db.npy", StringComparison.Ordinal));
    public static TheoryData<string> MusicnnItems => LibrosaFixtures.Items(f => f.EndsWith(".musicnn_input.npy", StringComparison.Ordinal));
    public static TheoryData<string> MfccItems => LibrosaFixtures.Items(f => f.Contains(".mfcc", StringComparison.Ordinal));

    [SkippableTheory]
    [MemberData(nameof(PowerItems))]
    public void PowerMatchesLibrosa(string file)
    {
        var samples = LibrosaFixtures.InputOf(file);
        var (expected, shape) = Npy.Read(SharedData.Fixture(file));
        Assert.Equal(LibrosaFixtures.ManifestShape(file), shape);
        var mel = new MelSpectrogram(LibrosaFixtures.LibrosaDefaults(LibrosaFixtures.NMelsOf(file)));
        Assert.Equal(shape, new[] { mel.NMels, mel.FrameCount(samples.Length) });

        var actual = mel.Compute(samples);

        Assert.Equal(expected.Length, actual.Length);
        float max = expected.Max();
        double worst = 0;
        int worstIndex = -1, compared = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            if (expected[i] <= 1e-6 * max) continue;
            compared++;
            double rel = Math.Abs(actual[i] - (double)expected[i]) / expected[i];
            if (rel > worst) (worst, worstIndex) = (rel, i);
        }
        output.WriteLine($"{file}: {compared} values compared, max relative error {worst:E3} at {worstIndex}");
        if (max == 0) Assert.All(actual, v => Assert.Equal(0f, v));
        Assert.True(worst <= 1e-4, $"{file}: relative error {worst:E3} at index {worstIndex} (expected {(worstIndex >= 0 ? expected[worstIndex] : 0)}, got {(worstIndex >= 0 ? actual[worstIndex] : 0)})");
    }

    [SkippableTheory]
    [MemberData(nameof(DbItems))]
    public void DecibelsMatchLibrosa(string file)
    {
        var samples = LibrosaFixtures.InputOf(file);
        var (expected, shape) = Npy.Read(SharedData.Fixture(file));
        var logMel = new LogMelSpectrogram(LibrosaFixtures.LibrosaDefaults(LibrosaFixtures.NMelsOf(file)));
        Assert.Equal(shape, new[] { logMel.NMels, logMel.FrameCount(samples.Length) });

        var actual = logMel.Compute(samples);

        Assert.Equal(expected.Length, actual.Length);
        float floor = expected.Max() - 80f;
        double worst = 0;
        int worstIndex = -1, compared = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            if (expected[i] <= floor) continue;
            compared++;
            double err = Math.Abs(actual[i] - (double)expected[i]);
            if (err > worst) (worst, worstIndex) = (err, i);
        }
        output.WriteLine($"{file}: {compared} values above the floor, max error {worst:E3} dB");
        Assert.True(worst <= 0.01, $"{file}: error {worst:F5} dB at index {worstIndex}");
        // At and below librosa's floor our values sit at our own floor, which is within 0.01 dB of librosa's.
        Assert.InRange(actual.Min() - expected.Min(), -0.01, 0.01);
    }

    [SkippableTheory]
    [MemberData(nameof(MfccItems))]
    public void MfccMatchesLibrosa(string file)
    {
        var samples = LibrosaFixtures.InputOf(file);
        var (expected, shape) = Npy.Read(SharedData.Fixture(file));
        var mfcc = new Mfcc(new MfccOptions { NMfcc = shape[0] });
        Assert.Equal(shape, new[] { mfcc.NMfcc, mfcc.FrameCount(samples.Length) });

        var actual = mfcc.Compute(samples);

        double worst = 0;
        int worstIndex = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            double err = Math.Abs(actual[i] - (double)expected[i]);
            if (err > worst) (worst, worstIndex) = (err, i);
        }
        output.WriteLine($"{file}: max MFCC error {worst:E3}");
        Assert.True(worst <= 0.01, $"{file}: error {worst:E3} at index {worstIndex}");
    }

    /// <summary>
    /// musicnn's input: the mel spectrogram at 16 kHz (n_fft 512, hop 256, 96 mels, fmax 8 kHz) of the
    /// <c>load16000</c> fixture, rounded through float16, then log10(10000·x + 1), transposed to [frames, 96].
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(MusicnnItems))]
    public void MusicnnInputMelMatchesLibrosa(string file)
    {
        Skip.If(file == LibrosaFixtures.Absent, "../shared is absent");
        var clip = string.Join('.', file.Split('.')[..2]);
        var (samples, _) = Npy.Read(SharedData.Fixture(clip + ".load16000.npy"));
        var (expected, shape) = Npy.Read(SharedData.Fixture(file));
        var mel = new MelSpectrogram(new MelSpectrogramOptions { SampleRate = 16000, NFft = 512, HopLength = 256, NMels = 96, FMax = 8000 });
        int frames = mel.FrameCount(samples.Length);
        Assert.Equal(shape, new[] { frames, 96 });

        var power = mel.Compute(samples);

        double worst = 0;
        for (int t = 0; t < frames; t++)
            for (int m = 0; m < 96; m++)
            {
                double actual = Math.Log10(10000.0 * (float)(Half)power[m * frames + t] + 1);
                worst = Math.Max(worst, Math.Abs(actual - expected[t * 96 + m]));
            }
        output.WriteLine($"{file}: max error {worst:E3}");
        Assert.True(worst <= 0.01, $"{file}: error {worst:E3}");
    }
}
