using System.Collections.Concurrent;
using Microsoft.ML;
using MusicGenre.Audio;
using MusicGenre.Cli.Modeling;
using MusicGenre.Datasets;
using MusicGenre.Features;
using MusicGenre.MLNet;
using MusicGenre.MLNet.Persistence;
using MusicGenre.Models.Musicnn;
using MusicGenre.Tests.Cli;
using MusicGenre.Tests.TestInfrastructure;
using MusicGenre.Torch;
using MusicGenre.Training;

namespace MusicGenre.Tests.Persistence;

/// <summary>The collection that shares one <see cref="ModelZoo"/> (each model kind trained once for all its tests).</summary>
[CollectionDefinition(Name)]
public sealed class ModelZooCollection : ICollectionFixture<ModelZoo>
{
    public const string Name = "model zoo";
}

/// <summary>
/// One tiny model of every kind, trained once (lazily, so a filtered run trains only what it uses) in two ways: by the
/// library (an ML.NET chain from the audio path, saved with <c>SaveGenreModel</c>) and by the tool's own training code
/// (<see cref="TrainingRunner"/>, what <c>musicgenre train</c> runs). Each comes with its in-process predictions of
/// three clips it never saw. Synthetic 3.5 s clips, 1 epoch, small spectrograms: they test mechanics, not accuracy.
/// musicnn kinds read the weights from ../shared.
/// </summary>
public sealed class ModelZoo : IDisposable
{
    public static readonly string[] Kinds = ["cnn-lstm", "cnn-gru", "crnn", "classical", "musicnn-linear", "musicnn-finetune"];

    private readonly TempFolder folder = new();
    private readonly ConcurrentDictionary<(string Kind, bool Cli), Lazy<Trained>> models = new();

    public ModelZoo()
    {
        Data = CliTestData.Write(folder, classes: 3, clips: 3, seconds: 3.5);
        Dataset = GenreDataset.Load(Data);
        var options = new SyntheticGenresOptions { DurationSeconds = 3.5, Seed = 3 };
        Probes = Dataset.Labels.Select(label =>
        {
            var clip = SyntheticGenres.GenerateClip(label, 100, options);
            var path = folder.Combine("probes", clip.Id + ".wav");
            WavFileWriter.Write(path, clip.Samples, clip.SampleRate);
            return path;
        }).ToList();
    }

    /// <summary>The dataset folder (3 genres × 3 clips), as <c>--data</c> takes it.</summary>
    public string Data { get; }

    public GenreDataset Dataset { get; }

    /// <summary>Three clips no model was trained on.</summary>
    public IReadOnlyList<string> Probes { get; }

    public string Combine(params string[] parts) => folder.Combine(parts);

    /// <summary>A model trained by the library and saved with <c>SaveGenreModel</c>; skips musicnn kinds without ../shared.</summary>
    public Trained Library(string kind) => Get(kind, cli: false);

    /// <summary>A model trained by the tool's training code and saved as <c>musicgenre train</c> saves it.</summary>
    public Trained Cli(string kind) => Get(kind, cli: true);

    public void Dispose() => folder.Dispose();

    private Trained Get(string kind, bool cli)
    {
        string? weights = kind.StartsWith("musicnn", StringComparison.Ordinal) ? SharedData.Musicnn("MSD_musicnn.h5") : null;
        return models.GetOrAdd((kind, cli), key => new Lazy<Trained>(() => key.Cli ? TrainCli(key.Kind, weights) : TrainLibrary(key.Kind, weights))).Value;
    }

    private Trained TrainLibrary(string kind, string? weights)
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Dataset.Tracks.Select(t => new TrackRow { Path = t.Path, Label = t.Label }));
        ITransformer model = kind switch
        {
            // Model Builder style: the chain ends with MapKeyToValue("PredictedLabel").
            "cnn-lstm" or "cnn-gru" or "crnn" => ml.Transforms.LoadAudio("Samples", "Path")
                .Append(ml.Transforms.MelSpectrogram("Features", "Samples", nMels: 32))
                .Append(ml.Transforms.Conversion.MapValueToKey("Label"))
                .Append(ml.MulticlassClassification.Trainers.GenreNetwork(new GenreTrainerOptions
                {
                    Architecture = kind, WindowFrames = 64, Epochs = 1, BatchSize = 4, Seed = 1, Device = ComputeDevice.Cpu,
                }))
                .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"))
                .Fit(data),
            "classical" => ClassicalGenrePipeline.Create(ml).Fit(data),
            "musicnn-linear" => ml.Transforms.LoadAudio("Samples", "Path", new AudioLoadOptions { SampleRate = MusicnnFeatures.SampleRate })
                .Append(MusicnnLinearPipeline.Create(ml, "Samples", "Label", new MusicnnEmbeddingOptions { MaxPatches = 1, Weights = new MusicnnWeightsOptions { Path = weights } }))
                .Fit(data),
            "musicnn-finetune" => MusicnnFineTunePipeline.Fit(ml, data, null, weights!, new MusicnnFineTuneOptions { Epochs = 1, BatchSize = 2, Seed = 1 },
                featureOptions: new MusicnnFeaturesOptions { MaxPatches = 1 }),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        var path = Combine("library", kind + ".mgmodel");
        using var predictor = GenrePredictor.Create(model, data.Schema);
        var scores = Probes.Select(p => Sorted(predictor.Predict(p))).ToList();
        ml.Model.SaveGenreModel(model, data.Schema, path, new GenreModelMetadata { Dataset = "zoo", TrainedBy = "ModelZoo" });
        Release(model);
        return new Trained(kind, path, [.. predictor.Genres.Order(StringComparer.Ordinal)], scores);
    }

    private Trained TrainCli(string kind, string? weights)
    {
        var split = DatasetSplitter.StratifiedRandom(Dataset, new SplitOptions { ValidFraction = 0, TestFraction = 0 });
        var settings = new TrainSettings
        {
            Kind = kind, Epochs = 1, BatchSize = 4, NMels = 32, WindowFrames = 64, Device = ComputeDevice.Cpu,
            MusicnnWeights = weights, MusicnnMaxPatches = 1,
        };
        var outcome = TrainingRunner.Run(Dataset, split, settings, (_, _, _) => { }, null, CancellationToken.None);
        using var model = outcome.Model;
        var path = Combine("cli", kind + ".mgmodel");
        var scores = Probes.Select(p => model.Predict(p, CancellationToken.None).Probabilities).ToList();
        model.Save(path, outcome.Metadata("ModelZoo (musicgenre train's code)"));
        return new Trained(kind, path, model.Labels, scores);
    }

    /// <summary>Probabilities in sorted-genre order.</summary>
    public static float[] Sorted(GenrePrediction prediction)
        => [.. prediction.Scores.OrderBy(s => s.Genre, StringComparer.Ordinal).Select(s => s.Probability)];

    private static void Release(ITransformer model)
    {
        foreach (var step in (IEnumerable<ITransformer>)model)
        {
            if (step is GenreNetworkTransformer network) network.Model.Dispose();
            else if (step is MusicnnEmbeddingTransformer musicnn) musicnn.Embedder.Dispose();
        }
    }

    /// <summary>A saved model and what it predicted in the process that trained it.</summary>
    /// <param name="Kind">The model kind.</param>
    /// <param name="Path">The model file.</param>
    /// <param name="Genres">Its genres, sorted.</param>
    /// <param name="ProbeScores">Per probe, the probabilities in <paramref name="Genres"/> order.</param>
    public sealed record Trained(string Kind, string Path, IReadOnlyList<string> Genres, IReadOnlyList<float[]> ProbeScores);
}
