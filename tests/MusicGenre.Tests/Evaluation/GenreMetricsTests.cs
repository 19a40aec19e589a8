using Microsoft.ML;
using MusicGenre.Evaluation;

namespace MusicGenre.Tests.Evaluation;

public class GenreMetricsTests
{
    private static readonly string[] Abc = ["a", "b", "c"];

    [Fact]
    public void HandMadeCase_AccuracyPrecisionRecallF1()
    {
        // actual a: 3 items (2 → a, 1 → b); actual b: 2 items (2 → b); actual c: 3 items (1 → a, 1 → b, 1 → c)
        int[] actual = [0, 0, 0, 1, 1, 2, 2, 2];
        int[] predicted = [0, 0, 1, 1, 1, 0, 1, 2];
        var m = GenreMetrics.FromPredictions(Abc, actual, predicted);

        Assert.Equal(8, m.Count);
        Assert.Equal(5.0 / 8, m.Accuracy, 12);
        var a = m.PerGenre[0];
        Assert.Equal(2.0 / 3, a.Precision, 12); // predicted a: 3 items, 2 right
        Assert.Equal(2.0 / 3, a.Recall, 12);
        Assert.Equal(2.0 / 3, a.F1, 12);
        var b = m.PerGenre[1];
        Assert.Equal(2.0 / 4, b.Precision, 12);
        Assert.Equal(1.0, b.Recall, 12);
        Assert.Equal(2 * 0.5 * 1 / 1.5, b.F1, 12);
        var c = m.PerGenre[2];
        Assert.Equal(1.0, c.Precision, 12);
        Assert.Equal(1.0 / 3, c.Recall, 12);
        Assert.Equal(0.5, c.F1, 12);
        Assert.Equal(3, c.Support);
        Assert.Equal((2.0 / 3 + 0.5 + 1) / 3, m.MacroPrecision, 12);
        Assert.Equal((2.0 / 3 + 1 + 1.0 / 3) / 3, m.MacroRecall, 12);
        Assert.Equal(1, m.Confusion[2, 1]);
        Assert.Equal(0, m.Confusion[1, 0]);
    }

    [Fact]
    public void AGenreNeverPredicted_HasZeroPrecisionNotNaN_AndAbsentGenresAreLeftOutOfMacroAverages()
    {
        var m = GenreMetrics.FromPredictions(Abc, [0, 0, 1], [0, 0, 0]);
        Assert.Equal(0, m.PerGenre[1].Precision);
        Assert.Equal(0, m.PerGenre[1].F1);
        Assert.Equal(0, m.PerGenre[2].Support);
        Assert.Equal((1.0 + 0) / 2, m.MacroRecall, 12); // c neither occurs nor is predicted: not averaged
        Assert.False(double.IsNaN(m.MacroF1));
    }

    [Fact]
    public void AGenrePredictedButAbsent_CountsInTheMacroAverages_LikeScikitLearn()
    {
        // Actual: a, a, b. Predicted: a, c, b. Genre c never occurs but was predicted once.
        var m = GenreMetrics.FromPredictions(Abc, [0, 0, 1], [0, 2, 1]);
        Assert.Equal(0, m.PerGenre[2].Precision);
        Assert.Equal((2.0 / 3 + 1 + 0) / 3, m.MacroF1, 12); // a: P 1, R 0.5 → F1 2/3; b: 1; c: 0
        Assert.Equal((0.5 + 1 + 0) / 3, m.MacroRecall, 12);
    }

    [Fact]
    public void PerfectAndAllWrong()
    {
        Assert.Equal(1.0, GenreMetrics.FromPredictions(Abc, [0, 1, 2], [0, 1, 2]).MacroF1);
        Assert.Equal(0.0, GenreMetrics.FromPredictions(Abc, [0, 1, 2], [1, 2, 0]).Accuracy);
    }

    [Fact]
    public void MatchesMlNetsMulticlassEvaluation()
    {
        var ml = new MLContext(seed: 1);
        var rows = new[]
        {
            new Row { Label = 0, Score = [0.7f, 0.2f, 0.1f] }, new Row { Label = 0, Score = [0.2f, 0.7f, 0.1f] },
            new Row { Label = 1, Score = [0.1f, 0.8f, 0.1f] }, new Row { Label = 1, Score = [0.3f, 0.3f, 0.4f] },
            new Row { Label = 2, Score = [0.1f, 0.1f, 0.8f] }, new Row { Label = 2, Score = [0.5f, 0.1f, 0.4f] },
            new Row { Label = 2, Score = [0.2f, 0.2f, 0.6f] },
        };
        foreach (var r in rows) r.PredictedLabel = (uint)Array.IndexOf(r.Score, r.Score.Max()); // argmax (LoadFromEnumerable stores key index v as key value v + 1)
        var withPrediction = ml.Data.LoadFromEnumerable(rows);
        var mlMetrics = ml.MulticlassClassification.Evaluate(withPrediction, "Label", "Score", "PredictedLabel");

        var ours = GenreMetrics.FromMlNet(mlMetrics, Abc);

        Assert.Equal(mlMetrics.MicroAccuracy, ours.Accuracy, 9);
        Assert.Equal(mlMetrics.MacroAccuracy, ours.MacroRecall, 9);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(mlMetrics.ConfusionMatrix.PerClassPrecision[i], ours.PerGenre[i].Precision, 9);
            Assert.Equal(mlMetrics.ConfusionMatrix.PerClassRecall[i], ours.PerGenre[i].Recall, 9);
        }
        Assert.Equal(mlMetrics.LogLoss, ours.LogLoss!.Value, 9);
        Assert.Equal(4.0 / 7, ours.Accuracy, 9);
    }

    public sealed class Row
    {
        [Microsoft.ML.Data.KeyType(3)] public uint Label { get; set; }
        [Microsoft.ML.Data.VectorType(3)] public float[] Score { get; set; } = [];
        [Microsoft.ML.Data.KeyType(3)] public uint PredictedLabel { get; set; }
    }

    [Fact]
    public void ConfusionMatrix_RejectsBadInput()
    {
        Assert.Throws<ArgumentException>(() => new ConfusionMatrix(["a", "a"]));
        var m = new ConfusionMatrix(Abc);
        Assert.Throws<ArgumentOutOfRangeException>(() => m.Add(0, 3));
        Assert.Throws<ArgumentException>(() => m.Add("a", "z"));
        Assert.Throws<ArgumentException>(() => ConfusionMatrix.FromIndices(Abc, [0, 1], [0]));
        Assert.Throws<ArgumentException>(() => ConfusionMatrix.FromCounts(Abc, [[1, 0], [0, 1]]));
        m.Add("b", "c");
        Assert.Equal(1, m[1, 2]);
        Assert.Equal(1, m.Total);
    }

    [Fact]
    public void MeanStd_UsesTheSampleStandardDeviation()
    {
        var s = MeanStd.Of([0.5, 0.7, 0.9]);
        Assert.Equal(0.7, s.Mean, 12);
        Assert.Equal(0.2, s.Std, 12); // sqrt((0.04 + 0 + 0.04) / 2)
        Assert.Equal(3, s.Count);
        Assert.Equal("70.0 ± 20.0 %", s.ToPercentString());
        Assert.Equal(0, MeanStd.Of([0.3]).Std);
        Assert.Throws<ArgumentException>(() => MeanStd.Of([]));
    }
}
