using BenchmarkDotNet.Attributes;
using MusicGenre.Audio;
using MusicGenre.Features;
using MusicGenre.Models.Musicnn;
using TorchSharp;

namespace MusicGenre.Benchmarks;

/// <summary>
/// musicnn embedding extraction on a 30 s GTZAN clip (10 patches of 3 s), TorchSharp on 2 threads:
/// <c>dotnet run -c Release --project benchmarks/MusicGenre.Benchmarks -- --filter '*MusicnnBenchmarks*'</c>.
/// Tracks per second = 1 / mean time of <see cref="DecodeFeaturesAndEmbedTrack"/>.
/// </summary>
[MemoryDiagnoser]
public class MusicnnBenchmarks
{
    private MusicnnEmbedder embedder = null!;
    private MusicnnFeatures features = null!;
    private float[] samples16k = [];
    private float[] patches = [];

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(2);
        embedder = MusicnnEmbedder.FromWeights(Path.Combine(BenchmarkData.SharedRoot, "models", "musicnn", "MSD_musicnn.h5"));
        features = new MusicnnFeatures();
        samples16k = AudioFile.Load(BenchmarkData.Path30sWav, new AudioLoadOptions { SampleRate = MusicnnFeatures.SampleRate }).Samples;
        patches = features.ComputePatches(samples16k);
    }

    [GlobalCleanup]
    public void Cleanup() => embedder.Dispose();

    /// <summary>Whole pipeline for one track: decode + resample to 16 kHz, features, 10 patches through the network, mean pooling.</summary>
    [Benchmark]
    public float[] DecodeFeaturesAndEmbedTrack()
    {
        var audio = AudioFile.Load(BenchmarkData.Path30sWav, new AudioLoadOptions { SampleRate = MusicnnFeatures.SampleRate });
        return embedder.EmbedTrack(audio.Samples, MusicnnPooling.Mean);
    }

    /// <summary>musicnn input features of one 30 s track (16 kHz samples in memory).</summary>
    [Benchmark]
    public float[] FeaturesOfTrack() => features.ComputePatches(samples16k);

    /// <summary>The network alone on the 10 patches of one track (one batch of 10).</summary>
    [Benchmark]
    public float[] NetworkOnTenPatches() => embedder.EmbedPatches(patches);
}
