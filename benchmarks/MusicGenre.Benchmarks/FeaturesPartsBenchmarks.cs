using BenchmarkDotNet.Attributes;
using MusicGenre.Features;

namespace MusicGenre.Benchmarks;

/// <summary>
/// The pieces of the log-mel hot loop, per 30 s clip (1,293 frames): real FFT of 2,048, mel bank, power to dB.
/// Run: <c>dotnet run -c Release --project benchmarks/MusicGenre.Benchmarks -- --filter '*FeaturesPartsBenchmarks*'</c>.
/// </summary>
public class FeaturesPartsBenchmarks
{
    private const int Frames = 1293;
    private readonly RealFft _fft = new(2048);
    private readonly double[] _frame = new double[2048];
    private readonly double[] _re = new double[1025];
    private readonly double[] _im = new double[1025];
    private readonly MelFilterBank _bank = MelFilterBank.Create(new MelSpectrogramOptions { NMels = 64 });
    private readonly float[] _mel = new float[64 * Frames];
    private readonly float[] _db = new float[64 * Frames];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        for (int i = 0; i < _frame.Length; i++) _frame[i] = random.NextDouble() - 0.5;
        for (int i = 0; i < _re.Length; i++) _re[i] = random.NextDouble();
    }

    [Benchmark]
    public void Fft()
    {
        for (int t = 0; t < Frames; t++) _fft.ForwardPower(_frame, _re);
    }

    [Benchmark]
    public void MelBank()
    {
        for (int t = 0; t < Frames; t++) _bank.Apply(_re, _mel.AsSpan(t), Frames);
    }

    [Benchmark]
    public void ToDb()
    {
        for (int i = 0; i < _db.Length; i++) _db[i] = 1e-3f * (i % 97 + 1);
        PowerToDb.InPlace(_db, 1f);
    }
}
