using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using MusicGenre.Cli;
using MusicGenre.MLNet.Persistence;
using MusicGenre.Tests.Cli;
using MusicGenre.Torch;

namespace MusicGenre.Tests.Persistence;

/// <summary>
/// Every model kind, both ways: a model the library saved is accepted by <c>musicgenre predict</c>, <c>info</c> and
/// <c>evaluate</c>; a model the tool trained loads in the library (<see cref="GenrePredictor"/> and
/// <c>LoadGenreModel</c> + <c>PredictionEngine</c> with an input class holding only the path) and predicts exactly
/// what it predicted in the process that trained it.
/// </summary>
[Collection(ModelZooCollection.Name)]
public class ModelInteropTests(ModelZoo zoo)
{
    public static TheoryData<string> Kinds => [.. ModelZoo.Kinds];

    [SkippableTheory]
    [MemberData(nameof(Kinds))]
    public async Task LibrarySavedModel_IsAcceptedByTheCliPredictInfoAndEvaluate(string kind)
    {
        var model = zoo.Library(kind);
        var (pcode, json) = await CliRunner.Run("predict", model.Path, zoo.Probes[0], zoo.Probes[1], "--json", "--top", "3");
        Assert.True(pcode == ExitCodes.Ok, json);
        using var doc = JsonDocument.Parse(json);
        var predictions = doc.RootElement.GetProperty("predictions").EnumerateArray().ToList();
        Assert.Equal(2, predictions.Count);
        for (int i = 0; i < 2; i++)
        {
            var expected = model.Genres[Array.IndexOf(model.ProbeScores[i], model.ProbeScores[i].Max())];
            Assert.Equal(expected, predictions[i].GetProperty("genre").GetString());
        }

        var (icode, info) = await CliRunner.Run("info", model.Path);
        Assert.True(icode == ExitCodes.Ok, info);
        Assert.Contains(kind, info);
        Assert.Contains("LoadAudio", info);

        var (ecode, evaluation) = await CliRunner.Run("evaluate", model.Path, "--data", zoo.Data, "--report", zoo.Combine("evaluate", kind));
        Assert.True(ecode == ExitCodes.Ok, evaluation);
        Assert.Contains($"over {zoo.Dataset.Tracks.Count} test tracks", evaluation);
    }

    [SkippableTheory]
    [MemberData(nameof(Kinds))]
    public void CliTrainedModel_LoadsInTheLibraryAndPredictsWhatItPredictedInProcess(string kind)
    {
        var model = zoo.Cli(kind);
        Assert.Equal(kind, GenreModelInfo.Read(model.Path).Kind);
        using var predictor = GenrePredictor.Load(model.Path, new GenrePredictorOptions { Device = ComputeDevice.Cpu });
        Assert.Equal(model.Genres, predictor.Genres.Order(StringComparer.Ordinal));
        for (int i = 0; i < zoo.Probes.Count; i++)
            AssertClose(model.ProbeScores[i], ModelZoo.Sorted(predictor.Predict(zoo.Probes[i])));

        // ML.NET's way: LoadGenreModel and a PredictionEngine whose input holds only the path (the label step is skipped).
        var ml = new MLContext();
        var loaded = ml.Model.LoadGenreModel(model.Path, out var inputSchema);
        Assert.NotNull(inputSchema.GetColumnOrNull("Label"));
        using var engine = ml.Model.CreatePredictionEngine<PathOnly, KeyAndScores>(loaded);
        var slots = SlotNames(loaded.GetOutputSchema(inputSchema));
        for (int i = 0; i < zoo.Probes.Count; i++)
        {
            var output = engine.Predict(new PathOnly { Path = zoo.Probes[i] });
            var inSortedOrder = model.Genres.Select(g => output.Score[Array.IndexOf(slots, g)]).ToArray();
            AssertClose(model.ProbeScores[i], inSortedOrder);
            Assert.Equal((uint)Array.IndexOf(output.Score, output.Score.Max()) + 1, output.PredictedLabel);
        }

        // With labelled rows the label step runs, and ML.NET's evaluator works on the loaded model.
        var labelled = ml.Data.LoadFromEnumerable(zoo.Dataset.Tracks.Select(t => new PathAndLabel { Path = t.Path, Label = t.Label }));
        var metrics = ml.MulticlassClassification.Evaluate(loaded.Transform(labelled));
        Assert.InRange(metrics.MicroAccuracy, 0, 1);
    }

    [Theory]
    [InlineData("cnn-lstm")]
    [InlineData("crnn")]
    public void ModelBuilderStyleOutput_StringPredictedLabel_WorksOnALibraryNetworkModel(string kind)
    {
        var model = zoo.Library(kind);
        var ml = new MLContext();
        var loaded = ml.Model.LoadGenreModel(model.Path, out _);
        using var engine = ml.Model.CreatePredictionEngine<PathOnly, ModelBuilderOutput>(loaded);
        using var predictor = GenrePredictor.Load(model.Path);
        foreach (var probe in zoo.Probes)
        {
            var output = engine.Predict(new PathOnly { Path = probe });
            var prediction = predictor.Predict(probe);
            Assert.Equal(prediction.Genre, output.Prediction);
            Assert.Equal(prediction.Probability, output.Score.Max());
        }
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-5f);
    }

    private static string[] SlotNames(DataViewSchema schema)
    {
        var names = default(VBuffer<ReadOnlyMemory<char>>);
        schema["Score"].GetSlotNames(ref names);
        return names.DenseValues().Select(n => n.ToString()).ToArray();
    }

    public sealed class PathOnly
    {
        public string Path { get; set; } = "";
    }

    public sealed class PathAndLabel
    {
        public string Path { get; set; } = "";

        public string Label { get; set; } = "";
    }

    public sealed class KeyAndScores
    {
        public uint PredictedLabel { get; set; }

        public float[] Score { get; set; } = [];
    }

    /// <summary>The output class ML.NET users know from Model Builder.</summary>
    public sealed class ModelBuilderOutput
    {
        [ColumnName("PredictedLabel")]
        public string Prediction { get; set; } = "";

        public float[] Score { get; set; } = [];
    }
}
