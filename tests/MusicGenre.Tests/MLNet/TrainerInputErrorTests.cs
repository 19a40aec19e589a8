using Microsoft.ML;
using Microsoft.ML.Data;
using MusicGenre.Features;
using MusicGenre.MLNet;
using MusicGenre.Tests.Training;
using MusicGenre.Training;
using MusicGenre.Torch;

namespace MusicGenre.Tests.MLNet;

/// <summary>Input faults give clear errors: shape, short tracks, NaN, label not a key, one class, bad options.</summary>
public class TrainerInputErrorTests
{
    private static readonly MLContext Context = new(seed: 1);

    private static GenreTrainerOptions Small(ShortTrackHandling shortTracks = ShortTrackHandling.Pad) => new()
    {
        NMels = 32, WindowFrames = 40, Epochs = 1, BatchSize = 4, Device = ComputeDevice.Cpu, ShortTracks = shortTracks,
    };

    private static Exception FitError(List<SpectrogramRow> rows, GenreTrainerOptions options)
    {
        var pipeline = Context.Transforms.Conversion.MapValueToKey("Label").Append(Context.MulticlassClassification.Trainers.GenreNetwork(options));
        return Assert.ThrowsAny<Exception>(() => pipeline.Fit(Context.Data.LoadFromEnumerable(rows)));
    }

    [Fact]
    public void WrongLengthNamesTheRowAndNMels()
    {
        var rows = SyntheticSpectrograms.Make(2, 2, seed: 1, nMels: 32, minFrames: 40, maxFrames: 50);
        rows[2].Features = rows[2].Features[..^1];
        var e = Assert.IsType<InvalidDataException>(FitError(rows, Small()));
        Assert.Contains("row 2", e.Message);
        Assert.Contains("NMels = 32", e.Message);
    }

    [Fact]
    public void NaNNamesTheRowBandAndFrame()
    {
        var rows = SyntheticSpectrograms.Make(2, 2, seed: 1, nMels: 32, minFrames: 40, maxFrames: 40);
        rows[1].Features[3 * 40 + 7] = float.NaN;
        var e = Assert.IsType<InvalidDataException>(FitError(rows, Small()));
        Assert.Contains("row 1", e.Message);
        Assert.Contains("mel band 3, frame 7", e.Message);
    }

    [Fact]
    public void ShortTracksErrorByOptionOrArePadded()
    {
        var rows = SyntheticSpectrograms.Make(2, 2, seed: 1, nMels: 32, minFrames: 40, maxFrames: 40);
        rows[3].Features = rows[3].Features[..(32 * 25)];
        var e = Assert.IsType<InvalidDataException>(FitError(rows, Small(ShortTrackHandling.Error)));
        Assert.Contains("25 frames", e.Message);
        Assert.Contains("row 3", e.Message);
        var model = Context.Transforms.Conversion.MapValueToKey("Label")
            .Append(Context.MulticlassClassification.Trainers.GenreNetwork(Small())).Fit(Context.Data.LoadFromEnumerable(rows));
        var scores = model.Transform(Context.Data.LoadFromEnumerable(rows)).GetColumn<VBuffer<float>>("Score").ToArray();
        Assert.All(scores, s => Assert.Equal(1f, s.DenseValues().Sum(), 3));
    }

    [Fact]
    public void LabelThatIsNotAKeyIsRejectedWithTheFix()
    {
        var rows = SyntheticSpectrograms.Make(2, 2, seed: 1, nMels: 32, minFrames: 40, maxFrames: 40);
        var trainer = Context.MulticlassClassification.Trainers.GenreNetwork(Small());
        var e = Assert.Throws<ArgumentException>(() => trainer.Fit(Context.Data.LoadFromEnumerable(rows)));
        Assert.Contains("MapValueToKey", e.Message);
    }

    [Fact]
    public void OneClassOnlyIsRejected()
    {
        var rows = SyntheticSpectrograms.Make(1, 3, seed: 1, nMels: 32, minFrames: 40, maxFrames: 40);
        var e = Assert.IsType<InvalidDataException>(FitError(rows, Small()));
        Assert.Contains("one class", e.Message);
    }

    [Fact]
    public void DimensionsThatContradictNMelsAreRejected()
    {
        var schema = SchemaDefinition.Create(typeof(SpectrogramRow));
        schema[nameof(SpectrogramRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 40, 32);
        var rows = SyntheticSpectrograms.Make(2, 2, seed: 1, nMels: 32, minFrames: 40, maxFrames: 40);
        var data = Context.Data.LoadFromEnumerable(rows, schema);
        var pipeline = Context.Transforms.Conversion.MapValueToKey("Label").Append(Context.MulticlassClassification.Trainers.GenreNetwork(Small()));
        var e = Assert.Throws<ArgumentException>(() => pipeline.Fit(data));
        Assert.Contains("[40, 32]", e.Message);
    }

    /// <summary>Four 1 s clips of two kinds of tone, as samples rows.</summary>
    private static IDataView ToneClips()
    {
        var rows = Enumerable.Range(0, 4).Select(i => new SamplesLabelRow
        {
            Label = i % 2 == 0 ? "low" : "high",
            Samples = Enumerable.Range(0, 22050).Select(t => 0.3f * MathF.Sin(2 * MathF.PI * (i % 2 == 0 ? 220 : 1760) * t / 22050f + i)).ToArray(),
        });
        return Context.Data.LoadFromEnumerable(rows);
    }

    [Fact]
    public void AnnotatedBandCountThatContradictsNMelsNamesBothNumbers()
    {
        // MelSpectrogram's default is 128 bands, variable length: before the annotation, a [128, F] column was read as [64, 2F].
        var pipeline = Context.Transforms.MelSpectrogram("Features", "Samples")
            .Append(Context.Transforms.Conversion.MapValueToKey("Label"))
            .Append(Context.MulticlassClassification.Trainers.CnnLstm(new GenreTrainerOptions { NMels = 64, WindowFrames = 40, Epochs = 1, Device = ComputeDevice.Cpu }));
        var e = Assert.Throws<ArgumentException>(() => pipeline.Fit(ToneClips()));
        Assert.Contains("128", e.Message);
        Assert.Contains("NMels = 64", e.Message);
        Assert.Contains("annotation", e.Message);
    }

    [Fact]
    public void WithoutNMelsTheTrainerTrainsOnTheAnnotatedBandCount()
    {
        var model = Context.Transforms.MelSpectrogram("Features", "Samples")
            .Append(Context.Transforms.Conversion.MapValueToKey("Label"))
            .Append(Context.MulticlassClassification.Trainers.CnnLstm(new GenreTrainerOptions { WindowFrames = 40, Epochs = 1, BatchSize = 4, Device = ComputeDevice.Cpu }))
            .Fit(ToneClips());
        var network = ((IEnumerable<ITransformer>)model).OfType<GenreNetworkTransformer>().Single();
        using var weights = network.Model;
        Assert.Equal(128, network.Model.Shape.NMels);
        Assert.Equal(22050, network.Model.SampleRate);
        Assert.Equal(512, network.Model.HopLength);
        var column = model.GetOutputSchema(ToneClips().Schema)["Features"];
        Assert.Equal(128, MelSpectrogramAnnotations.Read(column, MelSpectrogramAnnotations.NMels));
    }

    [Fact]
    public void AVariableLengthColumnWithoutAnnotationOrNMelsIsRefused()
    {
        var rows = SyntheticSpectrograms.Make(2, 2, seed: 1, nMels: 32, minFrames: 40, maxFrames: 40);
        var options = Small();
        options.NMels = null;
        var e = Assert.IsType<ArgumentException>(FitError(rows, options));
        Assert.Contains("Set NMels", e.Message);
    }

    public sealed class SamplesLabelRow
    {
        public float[] Samples { get; set; } = [];

        public string Label { get; set; } = "";
    }

    [Fact]
    public void InvalidOptionsAreListedTogether()
    {
        var e = Assert.Throws<ArgumentException>(() => Context.MulticlassClassification.Trainers.GenreNetwork(new GenreTrainerOptions
        {
            Architecture = "resnet-9000", Epochs = 0, BatchSize = -1, LearningRate = double.NaN,
            Augmentation = new SpectrogramAugmentationOptions { TimeMasks = -2 },
        }));
        foreach (var part in new[] { "resnet-9000", "Epochs", "BatchSize", "LearningRate", "TimeMasks" })
            Assert.Contains(part, e.Message);
    }

    [SkippableFact]
    public void CudaWithoutCudaSaysHowToEnableItAndAutoFallsBackToCpu()
    {
        Skip.If(TorchDevices.IsCudaAvailable(), "this machine has CUDA");
        Assert.Equal(TorchSharp.DeviceType.CPU, TorchDevices.Resolve(ComputeDevice.Auto).type);
        var rows = SyntheticSpectrograms.Make(2, 2, seed: 1, nMels: 32, minFrames: 40, maxFrames: 40);
        var options = Small();
        options.Device = ComputeDevice.Cuda;
        var e = Assert.IsType<InvalidOperationException>(FitError(rows, options));
        Assert.Contains("TorchSharp-cuda-linux", e.Message);
        Assert.Contains("docs/gpu.md", e.Message);
    }
}
