using Microsoft.ML;
using MusicGenre.Cli.Modeling;
using MusicGenre.Datasets;
using MusicGenre.MLNet;
using MusicGenre.MLNet.Persistence;
using MusicGenre.Tests.Cli;
using MusicGenre.Tests.TestInfrastructure;
using MusicGenre.Torch;
using MusicGenre.Training;

namespace MusicGenre.Tests.Service;

/// <summary>
/// The model the service tests serve: a small CNN-LSTM (32 mel bands, 64-frame windows) trained for one epoch on
/// synthetic clips, saved with <c>SaveGenreModel</c>, and the same file loaded in-process as the reference every HTTP
/// answer must equal. It tests the service's mechanics, not accuracy. Also short probe clips of its own genres.
/// </summary>
public sealed class ServiceModelFixture : IDisposable
{
    private readonly TempFolder folder = new();

    public ServiceModelFixture()
    {
        var data = CliTestData.Write(folder, classes: 3, clips: 3, seconds: 3.5);
        var dataset = GenreDataset.Load(data);
        var ml = new MLContext(seed: 1);
        var rows = ml.Data.LoadFromEnumerable(dataset.Tracks.Select(t => new TrackRow { Path = t.Path, Label = t.Label }));
        var model = ml.Transforms.LoadAudio("Samples", "Path")
            .Append(ml.Transforms.MelSpectrogram("Features", "Samples", nMels: 32))
            .Append(ml.Transforms.Conversion.MapValueToKey("Label"))
            .Append(ml.MulticlassClassification.Trainers.GenreNetwork(new GenreTrainerOptions
            {
                Architecture = GenreModelKinds.CnnLstm, WindowFrames = 64, Epochs = 1, BatchSize = 4, Seed = 1, Device = ComputeDevice.Cpu,
            }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"))
            .Fit(rows);
        ModelPath = folder.Combine("service.mgmodel");
        ml.Model.SaveGenreModel(model, rows.Schema, ModelPath, new GenreModelMetadata { Dataset = "synthetic", TrainedBy = "ServiceModelFixture" });
        foreach (var step in (IEnumerable<ITransformer>)model)
            if (step is GenreNetworkTransformer network) network.Model.Dispose();
        Predictor = GenrePredictor.Load(ModelPath, new GenrePredictorOptions { Device = ComputeDevice.Cpu });

        var options = new SyntheticGenresOptions { DurationSeconds = 2, Seed = 5 };
        Probes = dataset.Labels.Select((label, i) =>
        {
            var clip = SyntheticGenres.GenerateClip(label, 50 + i, options);
            var path = folder.Combine("probes", clip.Id + ".wav");
            WavFileWriter.Write(path, clip.Samples, clip.SampleRate);
            return path;
        }).ToList();
    }

    /// <summary>The saved model.</summary>
    public string ModelPath { get; }

    /// <summary>The same model loaded in this process: the reference.</summary>
    public GenrePredictor Predictor { get; }

    /// <summary>Three 2 s WAV clips, one per genre of the model.</summary>
    public IReadOnlyList<string> Probes { get; }

    /// <summary>A scratch folder for the tests' own files.</summary>
    public TempFolder Folder => folder;

    /// <summary>The in-process prediction of the bytes of <paramref name="path"/> as the service gets them (a stream).</summary>
    public GenrePrediction Expected(string path)
    {
        using var stream = File.OpenRead(path);
        return Predictor.Predict(stream, Path.GetFileName(path));
    }

    public void Dispose()
    {
        Predictor.Dispose();
        folder.Dispose();
    }
}
