using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.ML;
using Microsoft.ML.Data;
using MusicGenre.MLNet;
using MusicGenre.Training;
using MusicGenre.Torch;

namespace MusicGenre.Benchmarks;

/// <summary>
/// Peak memory of training the seed CNN-LSTM on 1,000 synthetic 30 s tracks (64 × 1,292 log-mel each, streamed
/// from an IDataView; 1 epoch, one window per track, batch 32). Prints the process's peak working set (target ≤ 2 GB).
/// <c>dotnet run -c Release --project benchmarks/MusicGenre.Benchmarks -- --filter '*PeakMemoryBenchmarks*' --inProcess</c>
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 1)]
public class PeakMemoryBenchmarks
{
    private const int Tracks = 1000;
    private const int Frames = 1292;

    /// <summary>A streamed track row.</summary>
    public sealed class Row
    {
        /// <summary>Genre name.</summary>
        public string Label { get; set; } = "";

        /// <summary>Log-mel, 64 × 1,292.</summary>
        [VectorType(64 * Frames)]
        public float[] Features { get; set; } = [];
    }

    private static IEnumerable<Row> Rows()
    {
        var random = new Random(1);
        for (int t = 0; t < Tracks; t++)
        {
            var values = new float[64 * Frames];
            for (int i = 0; i < values.Length; i++) values[i] = -60f + 20f * (float)random.NextDouble();
            yield return new Row { Label = $"g{t % 10}", Features = values };
        }
    }

    /// <summary>Reads 1,000 tracks and trains one epoch; reports the peak working set.</summary>
    [Benchmark]
    public int TrainOneEpochOn1000Tracks()
    {
        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Data.LoadFromEnumerable(Rows());
        var keyed = mlContext.Transforms.Conversion.MapValueToKey("Label").Fit(data).Transform(data);
        var trainer = mlContext.MulticlassClassification.Trainers.CnnLstm(new GenreTrainerOptions
        {
            Epochs = 1, TrainingHopFrames = Frames, NumberOfThreads = 2, Device = ComputeDevice.Cpu,
        });
        var network = trainer.Fit(keyed);
        network.Model.Dispose();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        Console.WriteLine($"// MusicGenre: peak working set {process.PeakWorkingSet64 / (1024.0 * 1024):F0} MiB after training on {Tracks} tracks");
        return network.TrainingHistory.Count;
    }
}
