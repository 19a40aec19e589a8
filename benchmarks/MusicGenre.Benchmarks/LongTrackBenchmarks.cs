using BenchmarkDotNet.Attributes;
using MusicGenre.Audio.Mp3;

namespace MusicGenre.Benchmarks;

/// <summary>
/// One 4-minute 192 kbit/s MP3 end to end through <see cref="GenrePredictor.Predict(string, CancellationToken)"/>:
/// open, decode, features, network, on 2 cores. The default analysis (three 10 s excerpts, only they decoded) against
/// the whole track in the same run. Targets: ≤ 150 ms with a CNN model, ≤ 600 ms with musicnn-linear.
/// <c>dotnet run -c Release --project benchmarks/MusicGenre.Benchmarks -- --filter '*LongTrackBenchmarks*' --job short --inProcess</c>
/// </summary>
[MemoryDiagnoser]
public class LongTrackBenchmarks
{
    private string folder = "";
    private string song = "";
    private GenrePredictor predictor = null!;

    /// <summary>The model kind.</summary>
    [Params(BenchmarkModels.CnnLstm, BenchmarkModels.MusicnnLinear)]
    public string Model { get; set; } = BenchmarkModels.CnnLstm;

    /// <summary>The analysis: the default excerpts, or the whole track (what <c>predict</c> did before).</summary>
    [Params("excerpts:3x10,skip:15", "whole")]
    public string Analysis { get; set; } = "whole";

    /// <summary>Makes the song with ffmpeg, trains and loads the model.</summary>
    [GlobalSetup]
    public void Setup()
    {
        TorchSharp.torch.set_num_threads(2);
        folder = Directory.CreateTempSubdirectory("musicgenre-bench-long-").FullName;
        song = BenchmarkMedia.Song4Min192k(folder);
        predictor = GenrePredictor.Load(BenchmarkModels.Train(Model, folder), new GenrePredictorOptions { Analysis = GenreAnalysis.Parse(Analysis), Device = Torch.ComputeDevice.Cpu });
        Console.WriteLine($"// MP3 decoder: {Mp3Decoders.ActiveDescription}; {Model}, {predictor.Predict(song).Duration.TotalSeconds:0.0} s analysed");
    }

    /// <summary>Frees the model and deletes the files.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        predictor.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>Predicts the genre of the 4-minute song.</summary>
    [Benchmark]
    public string Song4Min() => predictor.Predict(song).Genre;
}
