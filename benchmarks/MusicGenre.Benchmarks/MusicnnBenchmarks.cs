using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;
using MusicGenre.Audio;
using MusicGenre.Features;
using MusicGenre.Models.Musicnn;
using MusicGenre.Models;
using TorchSharp;

namespace MusicGenre.Benchmarks;

/// <summary>
/// musicnn embedding extraction on a 30 s GTZAN clip (10 patches of 3 s), 2 threads, with the peer in the same run:
/// ONNX Runtime on the reference ONNX of the same network (<c>../shared/models/musicnn/msd-musicnn-1.onnx</c>, used
/// here only as a peer; it is never shipped or needed by MusicGenre).
/// <c>dotnet run -c Release --project benchmarks/MusicGenre.Benchmarks -- --filter '*MusicnnBenchmarks*' --inProcess</c>.
/// Tracks per second = 1 / mean time of <see cref="DecodeFeaturesAndEmbedTrack"/>.
/// </summary>
[MemoryDiagnoser]
public class MusicnnBenchmarks
{
    /// <summary>
    /// MusicGenre's CPU fast paths on (the product) or off (the TorchSharp layers as they ran before them), in the
    /// same run.
    /// </summary>
    [Params(true, false)]
    public bool FastPaths { get; set; } = true;

    private const int PatchCount = 10;
    private MusicnnEmbedder embedder = null!;
    private MusicnnFeatures features = null!;
    private float[] samples16k = [];
    private float[] patches = [];
    private InferenceSession onnx = null!;
    private OrtValue onnxInput = null!;
    private float[] onnxOutput = [];
    private RunOptions runOptions = null!;

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(2);
        CpuFastPaths.Enabled = FastPaths;
        var folder = Path.Combine(BenchmarkData.SharedRoot, "models", "musicnn");
        embedder = MusicnnEmbedder.FromWeights(Path.Combine(folder, "MSD_musicnn.h5"));
        features = new MusicnnFeatures();
        samples16k = AudioFile.Load(BenchmarkData.Path30sWav, new AudioLoadOptions { SampleRate = MusicnnFeatures.SampleRate }).Samples;
        patches = features.ComputePatches(samples16k).AsSpan(0, PatchCount * MusicnnArchitecture.PatchFrames * MusicnnArchitecture.MelBands).ToArray();
        using var options = new SessionOptions { IntraOpNumThreads = 2, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        onnx = new InferenceSession(Path.Combine(folder, "msd-musicnn-1.onnx"), options);
        onnxInput = OrtValue.CreateTensorValueFromMemory(patches, [PatchCount, MusicnnArchitecture.PatchFrames, MusicnnArchitecture.MelBands]);
        runOptions = new RunOptions();
        onnxOutput = new float[PatchCount * MusicnnArchitecture.EmbeddingSize];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        embedder.Dispose();
        onnxInput.Dispose();
        runOptions.Dispose();
        onnx.Dispose();
        CpuFastPaths.Enabled = true;
    }

    /// <summary>MusicGenre's network on a batch of 10 patches; the time is per patch.</summary>
    [Benchmark(OperationsPerInvoke = PatchCount)]
    public float[] PatchBatch10() => embedder.EmbedPatches(patches);

    /// <summary>The peer: ONNX Runtime 1.31.1 (2 intra-op threads) on the reference ONNX, the same 10 patches; the time is per patch.</summary>
    [Benchmark(OperationsPerInvoke = PatchCount)]
    public float[] PatchBatch10OnnxRuntime()
    {
        using var results = onnx.Run(runOptions, ["model/Placeholder:0"], [onnxInput], ["model/dense/BiasAdd:0"]);
        results[0].GetTensorDataAsSpan<float>().CopyTo(onnxOutput);
        return onnxOutput;
    }

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

}
