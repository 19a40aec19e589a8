using Microsoft.ML;
using Microsoft.ML.Data;
using MusicGenre.Audio;
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
/// The models the service tests serve: a small CNN-LSTM (32 mel bands, 64-frame windows) trained for one epoch on
/// synthetic clips, saved with <c>SaveGenreModel</c> twice: <see cref="ModelPath"/> analyses all of an upload,
/// <see cref="TenSecondModelPath"/> (the same network) only its first 10 s (its LoadAudio duration), which keeps the
/// load tests short. Each is also loaded in-process as the reference every HTTP answer must equal. They test the
/// service's mechanics, not accuracy. Also short probe clips of the model's genres.
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
        var wholeUpload = ml.Transforms.LoadAudio("Samples", "Path").Fit(rows);
        var tenSeconds = ml.Transforms.LoadAudio("Samples", "Path", new AudioLoadOptions { Duration = 10 }).Fit(rows);
        var network = ml.Transforms.MelSpectrogram("Features", "Samples", nMels: 32)
            .Append(ml.Transforms.Conversion.MapValueToKey("Label"))
            .Append(ml.MulticlassClassification.Trainers.GenreNetwork(new GenreTrainerOptions
            {
                Architecture = GenreModelKinds.CnnLstm, WindowFrames = 64, Epochs = 1, BatchSize = 4, Seed = 1, Device = ComputeDevice.Cpu,
            }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"))
            .Fit(wholeUpload.Transform(rows));
        var metadata = new GenreModelMetadata { Dataset = "synthetic", TrainedBy = "ServiceModelFixture" };
        ModelPath = folder.Combine("service.mgmodel");
        TenSecondModelPath = folder.Combine("service-10s.mgmodel");
        ml.Model.SaveGenreModel(new TransformerChain<ITransformer>([wholeUpload, .. network]), rows.Schema, ModelPath, metadata);
        ml.Model.SaveGenreModel(new TransformerChain<ITransformer>([tenSeconds, .. network]), rows.Schema, TenSecondModelPath, metadata);
        foreach (var step in network)
            if (step is GenreNetworkTransformer trained) trained.Model.Dispose();
        Predictor = GenrePredictor.Load(ModelPath, new GenrePredictorOptions { Device = ComputeDevice.Cpu });
        TenSecondPredictor = GenrePredictor.Load(TenSecondModelPath, new GenrePredictorOptions { Device = ComputeDevice.Cpu });

        var options = new SyntheticGenresOptions { DurationSeconds = 2, Seed = 5 };
        Probes = dataset.Labels.Select((label, i) =>
        {
            var clip = SyntheticGenres.GenerateClip(label, 50 + i, options);
            var path = folder.Combine("probes", clip.Id + ".wav");
            WavFileWriter.Write(path, clip.Samples, clip.SampleRate);
            return path;
        }).ToList();
    }

    /// <summary>The saved model that analyses all of an upload.</summary>
    public string ModelPath { get; }

    /// <summary>The same network, analysing the first 10 s of an upload.</summary>
    public string TenSecondModelPath { get; }

    /// <summary><see cref="ModelPath"/> loaded in this process: the reference.</summary>
    public GenrePredictor Predictor { get; }

    /// <summary><see cref="TenSecondModelPath"/> loaded in this process.</summary>
    public GenrePredictor TenSecondPredictor { get; }

    /// <summary>Three 2 s WAV clips, one per genre of the model.</summary>
    public IReadOnlyList<string> Probes { get; }

    /// <summary>A scratch folder for the tests' own files.</summary>
    public TempFolder Folder => folder;

    /// <summary>The in-process prediction of the bytes of <paramref name="path"/> as the service gets them (a stream).</summary>
    public GenrePrediction Expected(string path) => Expected(Predictor, path);

    /// <summary>The same for the 10 s model.</summary>
    public GenrePrediction ExpectedTenSeconds(string path) => Expected(TenSecondPredictor, path);

    public void Dispose()
    {
        Predictor.Dispose();
        TenSecondPredictor.Dispose();
        folder.Dispose();
    }

    private static GenrePrediction Expected(GenrePredictor predictor, string path)
    {
        using var stream = File.OpenRead(path);
        return predictor.Predict(stream, Path.GetFileName(path));
    }
}
