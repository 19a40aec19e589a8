using BenchmarkDotNet.Attributes;
using MusicGenre.Audio;
using MusicGenre.Audio.Resampling;

namespace MusicGenre.Benchmarks;

/// <summary>
/// Audio decoding speed (issue 2, section 5): a 30 s GTZAN WAV (target ≤ 2 ms), the 10 s 128 kbit/s MP3
/// (target ≤ 60 ms), the 10 s Ogg Vorbis, and resampling 30 s of 44.1 kHz to 22.05 kHz.
/// Run: <c>dotnet run -c Release --project benchmarks/MusicGenre.Benchmarks -- --filter '*Audio*'</c>.
/// </summary>
[MemoryDiagnoser]
public class AudioDecodeBenchmarks
{
    private string _wav = "";
    private string _au = "";
    private string _mp3 = "";
    private string _ogg = "";
    private float[] _thirtySeconds44k = [];
    private readonly PolyphaseResampler _resampler = PolyphaseResampler.For(44100, 22050);

    [GlobalSetup]
    public void Setup()
    {
        _wav = BenchmarkData.Path30sWav;
        _au = Path.Combine(BenchmarkData.SharedRoot, "data", "gtzan-au", "blues.00000.au");
        _mp3 = Path.Combine(BenchmarkData.SharedRoot, "data", "formats", "mp3_128k_stereo_44100.mp3");
        _ogg = Path.Combine(BenchmarkData.SharedRoot, "data", "formats", "ogg_stereo_44100.ogg");
        var random = new Random(1);
        _thirtySeconds44k = new float[30 * 44100];
        for (int i = 0; i < _thirtySeconds44k.Length; i++)
            _thirtySeconds44k[i] = 0.5f * MathF.Sin(i * 0.05f) + 0.1f * (random.NextSingle() - 0.5f);
    }

    /// <summary>librosa.load of a 30 s 22,050 Hz mono 16-bit GTZAN WAV (no resampling needed).</summary>
    [Benchmark(Baseline = true)]
    public int DecodeGtzanWav30s() => AudioFile.Load(_wav).Frames;

    /// <summary>The same clip in GTZAN's original Sun AU format.</summary>
    [Benchmark]
    public int DecodeGtzanAu30s() => AudioFile.Load(_au).Frames;

    /// <summary>10 s of 128 kbit/s stereo 44.1 kHz MP3 → 22,050 Hz mono (NLayer + trim + mix + resample).</summary>
    [Benchmark]
    public int DecodeMp3_10s() => AudioFile.Load(_mp3).Frames;

    /// <summary>The MP3 decoder alone on one thread (no parallel pieces): trimmed, mixed to mono, native rate.</summary>
    [Benchmark]
    public long DecodeMp3_10s_Mono_OneThread()
    {
        using var stream = File.OpenRead(_mp3);
        return new MusicGenre.Audio.Mp3.Mp3Decoder(1).DecodeManaged(stream, new DecodeRequest(_mp3, new AudioLoadOptions(), stream.Length, default)).Frames;
    }

    /// <summary>The MP3 at its native rate and channels (stereo 44.1 kHz, parallel pieces).</summary>
    [Benchmark]
    public int DecodeMp3_10s_NativeStereo() => AudioFile.Load(_mp3, new AudioLoadOptions { SampleRate = null, Mono = false }).Frames;

    /// <summary>10 s of stereo 44.1 kHz Ogg Vorbis → 22,050 Hz mono.</summary>
    [Benchmark]
    public int DecodeOgg_10s() => AudioFile.Load(_ogg).Frames;

    /// <summary>Resampling 30 s of mono 44.1 kHz to 22.05 kHz (soxr-HQ-like polyphase sinc).</summary>
    [Benchmark]
    public int Resample30s_44100To22050() => _resampler.Process(_thirtySeconds44k).Length;
}
