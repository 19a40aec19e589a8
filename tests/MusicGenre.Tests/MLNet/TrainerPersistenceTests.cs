using Microsoft.ML;
using Microsoft.ML.Data;
using MusicGenre.MLNet;
using MusicGenre.MLNet.Persistence;
using MusicGenre.Tests.Training;
using MusicGenre.Torch;

namespace MusicGenre.Tests.MLNet;

/// <summary>Fit → save → load → compare, in fresh contexts; bad files; plain ML.NET calls; PredictionEngine.</summary>
public class TrainerPersistenceTests(TrainerFixture fixture) : IClassFixture<TrainerFixture>, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("musicgenre-trainer-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static float[][] Scores(ITransformer model, IDataView data)
        => model.Transform(data).GetColumn<VBuffer<float>>("Score").Select(v => v.DenseValues().ToArray()).ToArray();

    private string Save(ITransformer model, DataViewSchema schema, string name)
    {
        var path = Path.Combine(folder, name);
        new MLContext().Model.SaveGenreModel(model, schema, path);
        return path;
    }

    [Fact]
    public void SaveLoadSaveLoadInFreshContextsGivesIdenticalScores()
    {
        var expected = Scores(fixture.Model, fixture.Test);
        var first = Save(fixture.Model, fixture.Train.Schema, "first.zip");

        var context2 = new MLContext();
        var loaded = context2.Model.LoadGenreModel(first, out var schema2, ComputeDevice.Cpu);
        var data2 = context2.Data.LoadFromEnumerable(fixture.TestRows);
        Assert.Equal(expected, Scores(loaded, data2));

        var second = Path.Combine(folder, "second.zip");
        context2.Model.SaveGenreModel(loaded, schema2, second);
        var context3 = new MLContext(seed: 99);
        var reloaded = context3.Model.LoadGenreModel(second, out var schema3, ComputeDevice.Cpu);
        Assert.Equal(expected, Scores(reloaded, context3.Data.LoadFromEnumerable(fixture.TestRows)));
        Assert.Equal(fixture.Train.Schema.Select(c => c.Name), schema3.Select(c => c.Name));

        var network = Assert.Single(((IEnumerable<ITransformer>)reloaded).OfType<GenreNetworkTransformer>());
        Assert.Equal(new[] { "blues", "classical", "country" }, network.Model.Labels);
        Assert.Equal("cnn-lstm", network.Model.Architecture);
    }

    [Fact]
    public void OutputFollowsTheMulticlassConventionAndMapsToGenreNames()
    {
        var scored = fixture.Model.Transform(fixture.Test);
        var score = scored.Schema["Score"];
        Assert.Equal(3, ((VectorDataViewType)score.Type).Size);
        var predictedKey = scored.Schema["PredictedLabel"];
        Assert.Equal(3ul, ((KeyDataViewType)predictedKey.Type).Count);
        var keys = scored.GetColumn<uint>("PredictedLabel").ToArray();
        var scores = Scores(fixture.Model, fixture.Test);
        var names = scored.GetColumn<ReadOnlyMemory<char>>("PredictedGenre").Select(n => n.ToString()).ToArray();
        string[] labels = ["blues", "classical", "country"];
        for (int i = 0; i < keys.Length; i++)
        {
            Assert.Equal(1f, scores[i].Sum(), 3);
            int best = Array.IndexOf(scores[i], scores[i].Max());
            Assert.Equal((uint)best + 1, keys[i]);
            Assert.Equal(labels[best], names[i]);
        }
        var metrics = fixture.MLContext.MulticlassClassification.Evaluate(scored);
        Assert.InRange(metrics.MicroAccuracy, 0, 1);
        Assert.Equal(3, metrics.PerClassLogLoss.Count);
    }

    [Fact]
    public void PredictionEngineWorksOnALoadedModelAndPerThreadEnginesAgree()
    {
        var path = Save(fixture.Model, fixture.Train.Schema, "engine.zip");
        var context = new MLContext();
        var loaded = context.Model.LoadGenreModel(path, out _, ComputeDevice.Cpu);
        var expected = Scores(fixture.Model, fixture.Test);
        var results = new float[fixture.TestRows.Count][];
        Parallel.For(0, 3, worker =>
        {
            using var engine = context.Model.CreatePredictionEngine<SpectrogramRow, GenrePrediction>(loaded);
            for (int i = worker; i < fixture.TestRows.Count; i += 3)
                results[i] = engine.Predict(fixture.TestRows[i]).Score;
        });
        Assert.Equal(expected, results);
        using var single = context.Model.CreatePredictionEngine<SpectrogramRow, GenrePrediction>(loaded);
        var prediction = single.Predict(fixture.TestRows[0]);
        Assert.Contains(prediction.PredictedGenre, new[] { "blues", "classical", "country" });
    }

    [Fact]
    public void TimelineGivesWindowProbabilitiesWhoseMeanIsTheScore()
    {
        var network = ((IEnumerable<ITransformer>)fixture.Model).OfType<GenreNetworkTransformer>().Single();
        var row = fixture.TestRows.First(r => r.Features.Length / TrainerFixture.NMels >= 100);
        var timeline = network.PredictTimeline(row.Features);
        int frames = row.Features.Length / TrainerFixture.NMels;
        Assert.Equal((frames - TrainerFixture.WindowFrames) / TrainerFixture.WindowFrames + 1, timeline.Windows.Count);
        Assert.Equal(TimeSpan.FromSeconds(40 * 512 / 22050.0), timeline.Windows[1].Start);
        for (int c = 0; c < 3; c++)
            Assert.Equal(timeline.Windows.Average(w => w.Probabilities[c]), timeline.Probabilities[c], 5);
        Assert.Equal(network.Model.PredictTrack(row.Features), timeline.Probabilities);
        var all = network.PredictTimelines(fixture.Test).ToList();
        Assert.Equal(fixture.TestRows.Count, all.Count);
    }

    [Fact]
    public void PlainModelSaveAndLoadThrowOneExceptionWhoseOwnMessageNamesTheCallToUse()
    {
        var context = new MLContext();
        var target = Path.Combine(folder, "plain.zip");
        var save = Assert.Throws<NotSupportedException>(() => context.Model.Save(fixture.Model, fixture.Train.Schema, target));
        Assert.Contains("SaveGenreModel", save.Message); // not wrapped by ML.NET: the step's own exception
        using (var stream = new MemoryStream())
        {
            Assert.Throws<NotSupportedException>(() => context.Model.Save(fixture.Model, fixture.Train.Schema, stream));
        }

        var path = Save(fixture.Model, fixture.Train.Schema, "plain-load.zip");
        var load = Assert.Throws<FileNotFoundException>(() => new MLContext().Model.Load(path, out _));
        Assert.Contains("LoadGenreModel", load.Message);
        Assert.Null(load.InnerException);
        var registered = new MLContext();
        registered.ComponentCatalog.RegisterAssembly(typeof(GenreNetworkTransformer).Assembly);
        using var file = File.OpenRead(path);
        var fromStream = Assert.Throws<FileNotFoundException>(() => registered.Model.Load(file, out _));
        Assert.Contains("LoadGenreModel", fromStream.Message);
    }

    [Fact]
    public void TruncatedCorruptedAndForeignFilesGiveClearErrors()
    {
        var path = Save(fixture.Model, fixture.Train.Schema, "good.zip");
        var bytes = File.ReadAllBytes(path);

        var truncated = Path.Combine(folder, "truncated.zip");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        var e1 = Assert.Throws<GenreModelFormatException>(() => new MLContext().Model.LoadGenreModel(truncated, out _));
        Assert.Contains("truncated.zip", e1.Message);

        var foreign = Path.Combine(folder, "foreign.zip");
        File.WriteAllText(foreign, "this is not a model");
        var e2 = Assert.Throws<GenreModelFormatException>(() => new MLContext().Model.LoadGenreModel(foreign, out _));
        Assert.Contains("foreign.zip", e2.Message);
        Assert.Contains("not a zip archive", e2.Message);

        var plainMlNet = Path.Combine(folder, "plain-mlnet.zip");
        var context = new MLContext();
        var keyOnly = context.Transforms.Conversion.MapValueToKey("Label").Fit(fixture.Train);
        context.Model.Save(keyOnly, fixture.Train.Schema, plainMlNet);
        var e3 = Assert.Throws<GenreModelFormatException>(() => context.Model.LoadGenreModel(plainMlNet, out _));
        Assert.Contains("mlContext.Model.Load", e3.Message);

        // One byte of the stored weights (entries are stored, not compressed): the entry's checksum catches it.
        var corrupted = Path.Combine(folder, "corrupted.zip");
        var copy = (byte[])bytes.Clone();
        copy[FindNetworkWeights(path, bytes) + 4000] ^= 0x5A;
        File.WriteAllBytes(corrupted, copy);
        var e4 = Assert.Throws<GenreModelFormatException>(() => new MLContext().Model.LoadGenreModel(corrupted, out _));
        Assert.Contains("corrupted.zip", e4.Message);
        Assert.Contains("checksum", e4.Message);
        Assert.Equal("steps/1/network.bin", e4.Part);
    }

    /// <summary>Where the network's weights start in the file (the entry is stored, so its bytes appear as they are).</summary>
    private static int FindNetworkWeights(string path, byte[] file)
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(path);
        using var entry = zip.GetEntry("steps/1/network.bin")!.Open();
        var head = new byte[64];
        entry.ReadExactly(head);
        int index = file.AsSpan().IndexOf(head);
        Assert.True(index > 0, "the weights entry should be stored as it is");
        return index;
    }

    public sealed class GenrePrediction
    {
        public float[] Score { get; set; } = [];
        public string PredictedGenre { get; set; } = "";
    }
}
