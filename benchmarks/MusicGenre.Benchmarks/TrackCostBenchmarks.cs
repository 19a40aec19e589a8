using BenchmarkDotNet.Attributes;
using MusicGenre.Audio;
using MusicGenre.Features;

namespace MusicGenre.Benchmarks;

/// <summary>
/// Where one track's time goes on a silo, for the capacity plan of docs/scale.md: read the file, decode it to the
/// model's rate, compute the model's features, and the whole prediction from samples (features + network: the
/// network is the difference) and from the path (everything), through the public Audio/Features APIs and
/// <see cref="GenrePredictor"/>. One 30 s GTZAN clip; the two models are read from MUSICGENRE_SCALE_MODELS
/// (a folder with cnn-lstm.mgmodel and musicnn-linear.mgmodel; <c>benchmarks/cluster-throughput.sh</c> trains them and runs this).
/// <c>MUSICGENRE_SCALE_MODELS=/tmp/models dotnet run -c Release --project benchmarks/MusicGenre.Benchmarks -- --filter '*TrackCostBenchmarks*' --job short --inProcess</c>
/// </summary>
[MemoryDiagnoser]
public class TrackCostBenchmarks
{
    private GenrePredictor predictor = null!;
    private byte[] file = null!;
    private float[] samples = null!;
    private int rate;
    private LogMelSpectrogram? logMel;
    private MusicnnFeatures? musicnn;

    /// <summary>The model kind.</summary>
    [Params("cnn-lstm", "musicnn-linear")]
    public string Kind { get; set; } = "";

    /// <summary>Loads the model and decodes the clip once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var folder = Environment.GetEnvironmentVariable("MUSICGENRE_SCALE_MODELS") ?? throw new InvalidOperationException("Set MUSICGENRE_SCALE_MODELS to a folder with cnn-lstm.mgmodel and musicnn-linear.mgmodel.");
        predictor = GenrePredictor.Load(Path.Combine(folder, Kind + ".mgmodel"), new GenrePredictorOptions { Device = Torch.ComputeDevice.Cpu });
        file = File.ReadAllBytes(BenchmarkData.Path30sWav);
        rate = Kind == "musicnn-linear" ? MusicnnFeatures.SampleRate : AudioLoadOptions.Defaults.SampleRate;
        samples = Decode();
        if (Kind == "musicnn-linear") musicnn = new MusicnnFeatures();
        else logMel = new LogMelSpectrogram(new MelSpectrogramOptions { NMels = 64 });
    }

    /// <summary>Reading the file (from the page cache: a local disk at best; network storage adds its latency).</summary>
    [Benchmark]
    public int Read() => File.ReadAllBytes(BenchmarkData.Path30sWav).Length;

    /// <summary>Decoding the bytes to mono at the model's rate (22,050 Hz; musicnn 16,000 Hz, resampled).</summary>
    [Benchmark]
    public float[] Decode() => AudioFile.Load(new MemoryStream(file), new AudioLoadOptions { SampleRate = rate }, "blues.00000.wav").Samples;

    /// <summary>The model's features: a 64-band log-mel (cnn-lstm) or musicnn's 96-band log-compressed mel.</summary>
    [Benchmark]
    public int Features() => logMel is not null ? logMel.Compute(samples).Length : musicnn!.Compute(samples).Length;

    /// <summary>Features and network (the network's share is this minus <see cref="Features"/>).</summary>
    [Benchmark]
    public float FeaturesAndNetwork() => predictor.Predict(samples, rate).Probability;

    /// <summary>Everything a silo does for one track.</summary>
    [Benchmark]
    public float EndToEnd() => predictor.Predict(BenchmarkData.Path30sWav).Probability;

    /// <summary>Frees the model.</summary>
    [GlobalCleanup]
    public void Cleanup() => predictor.Dispose();
}
