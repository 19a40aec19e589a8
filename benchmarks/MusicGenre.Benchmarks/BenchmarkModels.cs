using Microsoft.ML;
using MusicGenre.Audio;
using MusicGenre.Features;
using MusicGenre.MLNet;
using MusicGenre.MLNet.Persistence;
using MusicGenre.Models.Musicnn;
using MusicGenre.Torch;
using MusicGenre.Training;

namespace MusicGenre.Benchmarks;

/// <summary>
/// Genre model files for end-to-end benchmarks, trained at setup on a few gtzan-mini clips (speed does not depend
/// on how well a model was trained): the seed CNN-LSTM (64-band log-mel, 1 epoch) and musicnn-linear (pretrained
/// MSD musicnn, L-BFGS head), both as <c>musicgenre train</c> would save them.
/// </summary>
public static class BenchmarkModels
{
    /// <summary>The two kinds the targets name.</summary>
    public const string CnnLstm = "cnn-lstm", MusicnnLinear = "musicnn-linear";

    /// <summary>A track row for training.</summary>
    public sealed class TrackRow
    {
        /// <summary>Audio file.</summary>
        public string Path { get; set; } = "";

        /// <summary>Genre.</summary>
        public string Label { get; set; } = "";
    }

    /// <summary>Trains and saves a model of <paramref name="kind"/> into <paramref name="folder"/>; returns its path.</summary>
    public static string Train(string kind, string folder)
    {
        var gtzan = Path.Combine(BenchmarkData.SharedRoot, "data", "gtzan-mini");
        var rows = new[] { "blues", "classical", "metal" }
            .SelectMany(g => Enumerable.Range(0, 2).Select(i => new TrackRow { Path = Path.Combine(gtzan, g, $"{g}.{i:00000}.wav"), Label = g })).ToList();
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(rows);
        ITransformer model = kind switch
        {
            CnnLstm => ml.Transforms.LoadAudio("Samples", nameof(TrackRow.Path))
                .Append(ml.Transforms.MelSpectrogram("Features", "Samples", nMels: 64))
                .Append(ml.Transforms.Conversion.MapValueToKey("Label"))
                .Append(ml.MulticlassClassification.Trainers.CnnLstm(new GenreTrainerOptions { Epochs = 1, BatchSize = 16, Seed = 1, Device = ComputeDevice.Cpu }))
                .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedGenre", "PredictedLabel"))
                .Fit(data),
            MusicnnLinear => ml.Transforms.LoadAudio("Samples", nameof(TrackRow.Path), new AudioLoadOptions { SampleRate = MusicnnFeatures.SampleRate })
                .Append(MusicnnLinearPipeline.Create(ml, "Samples", "Label", new MusicnnEmbeddingOptions
                {
                    Weights = new MusicnnWeightsOptions { Path = Path.Combine(BenchmarkData.SharedRoot, "models", "musicnn", "MSD_musicnn.h5") },
                }))
                .Fit(data),
            _ => throw new ArgumentException($"Unknown model kind {kind}.", nameof(kind)),
        };
        var path = Path.Combine(folder, kind + ".mgmodel");
        ml.Model.SaveGenreModel(model, data.Schema, path);
        return path;
    }
}
