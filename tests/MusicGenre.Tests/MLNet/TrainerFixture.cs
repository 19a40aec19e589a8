using Microsoft.ML;
using MusicGenre.MLNet;
using MusicGenre.Tests.Training;
using MusicGenre.Training;
using MusicGenre.Torch;

namespace MusicGenre.Tests.MLNet;

/// <summary>
/// One small chain (MapValueToKey → CnnLstm on 32×40 windows → MapKeyToValue) trained once and shared by the
/// persistence and prediction tests, so they test mechanics without paying for training each time.
/// </summary>
public sealed class TrainerFixture : IDisposable
{
    public const int NMels = 32;
    public const int WindowFrames = 40;

    public TrainerFixture()
    {
        MLContext = new MLContext(seed: 3);
        TrainRows = SyntheticSpectrograms.Make(3, 6, seed: 11, nMels: NMels, minFrames: 30, maxFrames: 130);
        TestRows = SyntheticSpectrograms.Make(3, 3, seed: 12, nMels: NMels, minFrames: 30, maxFrames: 130);
        Train = SyntheticSpectrograms.Load(MLContext, TrainRows);
        Test = SyntheticSpectrograms.Load(MLContext, TestRows);
        Model = Pipeline(MLContext, Options()).Fit(Train);
    }

    public MLContext MLContext { get; }
    public List<SpectrogramRow> TrainRows { get; }
    public List<SpectrogramRow> TestRows { get; }
    public IDataView Train { get; }
    public IDataView Test { get; }
    public ITransformer Model { get; }

    public static GenreTrainerOptions Options(int epochs = 3) => new()
    {
        NMels = NMels,
        WindowFrames = WindowFrames,
        TrainingHopFrames = 20,
        Epochs = epochs,
        BatchSize = 8,
        Device = ComputeDevice.Cpu,
    };

    public static IEstimator<ITransformer> Pipeline(MLContext mlContext, GenreTrainerOptions options)
        => mlContext.Transforms.Conversion.MapValueToKey("Label")
            .Append(mlContext.MulticlassClassification.Trainers.CnnLstm(options))
            .Append(mlContext.Transforms.Conversion.MapKeyToValue("PredictedGenre", "PredictedLabel"));

    public void Dispose()
    {
        foreach (var part in (IEnumerable<ITransformer>)Model)
            (part as GenreNetworkTransformer)?.Model.Dispose();
    }
}
