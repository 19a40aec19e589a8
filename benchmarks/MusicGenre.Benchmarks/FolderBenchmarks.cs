using BenchmarkDotNet.Attributes;

namespace MusicGenre.Benchmarks;

/// <summary>
/// A folder of 30 s MP3s (128 kbit/s, 44.1 kHz stereo, made with ffmpeg from gtzan-mini at setup) through
/// <see cref="GenrePredictor.PredictMany"/> on 2 cores; the time per track (divide 1 s by it for tracks/s).
/// Targets: CNN models ≥ 20 tracks/s (≤ 50 ms per track), musicnn-linear ≥ 5 tracks/s (≤ 200 ms per track).
/// One worker (<c>MaxDegreeOfParallelism = 1</c>) is the sequential peer in the same run.
/// <c>dotnet run -c Release --project benchmarks/MusicGenre.Benchmarks -- --filter '*FolderBenchmarks*' --job short --inProcess</c>
/// </summary>
[MemoryDiagnoser]
public class FolderBenchmarks
{
    private const int Tracks = 40;
    private string folder = "";
    private IReadOnlyList<string> files = [];
    private GenrePredictor predictor = null!;

    /// <summary>The model kind.</summary>
    [Params(BenchmarkModels.CnnLstm, BenchmarkModels.MusicnnLinear)]
    public string Model { get; set; } = BenchmarkModels.CnnLstm;

    /// <summary>Files in flight at once: null = one per core (the default), 1 = one after the other.</summary>
    [Params(null, 1)]
    public int? Parallelism { get; set; }

    /// <summary>Makes the MP3s, trains and loads the model.</summary>
    [GlobalSetup]
    public void Setup()
    {
        TorchSharp.torch.set_num_threads(2);
        folder = Directory.CreateTempSubdirectory("musicgenre-bench-folder-").FullName;
        files = BenchmarkMedia.Clips30s(folder, Tracks);
        predictor = GenrePredictor.Load(BenchmarkModels.Train(Model, folder), new GenrePredictorOptions { MaxDegreeOfParallelism = Parallelism, Device = Torch.ComputeDevice.Cpu });
    }

    /// <summary>Frees the model and deletes the files.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        predictor.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>Predicts every file of the folder; the figure is per track.</summary>
    [Benchmark(OperationsPerInvoke = Tracks)]
    public int PredictManyPerTrack()
    {
        var failed = predictor.PredictMany(files).Count(r => !r.Succeeded);
        return failed == 0 ? Tracks : throw new InvalidOperationException($"{failed} tracks failed");
    }
}
