using BenchmarkDotNet.Attributes;
using MusicGenre.Features;

namespace MusicGenre.Benchmarks;

/// <summary>
/// Log-mel of a 30 s clip (661,794 samples at 22,050 Hz, blues.00000), one thread, into a reused buffer.
/// Run: <c>dotnet run -c Release --project benchmarks/MusicGenre.Benchmarks -- --filter '*FeaturesBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class FeaturesBenchmarks
{
    private float[] _samples = [];
    private float[] _buffer = [];
    private LogMelSpectrogram _logMel64 = null!;
    private LogMelSpectrogram _logMel128 = null!;
    private Mfcc _mfcc = null!;
    private float[] _mfccBuffer = [];

    [GlobalSetup]
    public void Setup()
    {
        _samples = BenchmarkData.Clip30sSamples();
        _logMel64 = new LogMelSpectrogram(new MelSpectrogramOptions { NMels = 64 });
        _logMel128 = new LogMelSpectrogram(new MelSpectrogramOptions { NMels = 128 });
        _buffer = new float[_logMel128.OutputLength(_samples.Length)];
        _mfcc = new Mfcc();
        _mfccBuffer = new float[_mfcc.NMfcc * _mfcc.FrameCount(_samples.Length)];
    }

    /// <summary>The target: 64-band log-mel of 30 s, ≤ 8 ms.</summary>
    [Benchmark(Baseline = true)]
    public void LogMel64() => _logMel64.Compute(_samples, _buffer);

    /// <summary>librosa's default 128 bands.</summary>
    [Benchmark]
    public void LogMel128() => _logMel128.Compute(_samples, _buffer);

    /// <summary>20 MFCCs (128-band log-mel + DCT).</summary>
    [Benchmark]
    public void Mfcc20() => _mfcc.Compute(_samples, _mfccBuffer);
}
