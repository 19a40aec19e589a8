using BenchmarkDotNet.Attributes;
using MusicGenre.Audio;
using MusicGenre.Features;
using MusicGenre.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace MusicGenre.Benchmarks;

/// <summary>
/// Inference of the seed CNN-LSTM on 2 CPU threads: a batch of 64 standardised 64×173 windows (target ≥ 400
/// windows/s), and one 30 s GTZAN track end to end: decode, 64-band log-mel, 7 windows, network (target ≤ 50 ms).
/// <c>dotnet run -c Release --project benchmarks/MusicGenre.Benchmarks -- --filter '*InferenceBenchmarks*' --inProcess</c>
/// </summary>
[MemoryDiagnoser]
public class InferenceBenchmarks
{
    /// <summary>
    /// MusicGenre's CPU fast paths on (the product) or off (the TorchSharp layers as they ran before them), in the
    /// same run.
    /// </summary>
    [Params(true, false)]
    public bool FastPaths { get; set; } = true;

    private const int Windows = 64;
    private GenreNetworkModel model = null!;
    private float[] batch = null!;
    private LogMelSpectrogram logMel = null!;

    /// <summary>Builds a randomly initialised seed model (speed does not depend on the weights) and a batch.</summary>
    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(2);
        CpuFastPaths.Enabled = FastPaths;
        torch.manual_seed(1);
        var shape = new GenreNetworkShape(64, 173, 10);
        var network = GenreArchitectures.Get(GenreArchitectures.CnnLstm).Create(shape);
        var standardizer = new FeatureStandardizer(Enumerable.Repeat(-40f, 64).ToArray(), Enumerable.Repeat(15f, 64).ToArray());
        model = new GenreNetworkModel(GenreArchitectures.CnnLstm, shape, Enumerable.Range(0, 10).Select(i => $"g{i}").ToArray(),
            standardizer, 173, ShortTrackHandling.Pad, 22050, 512, network, torch.CPU);
        var random = new Random(1);
        batch = new float[Windows * 64 * 173];
        for (int i = 0; i < batch.Length; i++) batch[i] = (float)(random.NextDouble() * 2 - 1);
        logMel = new LogMelSpectrogram(new MelSpectrogramOptions { NMels = 64 });
    }

    /// <summary>Forward pass of 64 windows (divide 64 by the time for windows per second).</summary>
    [Benchmark(OperationsPerInvoke = Windows)]
    public float[] ForwardPerWindowBatch64() => model.Forward(batch, Windows);

    /// <summary>One 30 s WAV: decode to 22,050 Hz mono, 64-band log-mel (1,292 frames), 7 windows through the network.</summary>
    [Benchmark]
    public float[] Track30sEndToEnd()
    {
        var clip = AudioFile.Load(BenchmarkData.Path30sWav);
        var spectrogram = logMel.Compute(clip.Samples);
        return model.PredictTrack(spectrogram);
    }

    /// <summary>Frees the network.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        model.Dispose();
        CpuFastPaths.Enabled = true;
    }
}
