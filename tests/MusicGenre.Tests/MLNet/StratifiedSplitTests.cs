using Microsoft.ML;
using MusicGenre.MLNet;

namespace MusicGenre.Tests.MLNet;

public class StratifiedSplitTests
{
    public sealed class Row
    {
        public string Path { get; set; } = "";

        public string Label { get; set; } = "";
    }

    [Fact]
    public void EveryGenreGetsItsShareOfTestRows_EveryRowIsInOnePart_AndTheSeedRepeatsTheSplit()
    {
        var ml = new MLContext();
        // Unbalanced: 12, 5 and 2 tracks. ML.NET's TrainTestSplit would leave small genres without a test track.
        var rows = new[] { ("rock", 12), ("jazz", 5), ("blues", 2) }
            .SelectMany(g => Enumerable.Range(0, g.Item2).Select(i => new Row { Path = $"{g.Item1}/{i}.wav", Label = g.Item1 })).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var split = ml.Data.StratifiedTrainTestSplit(data, "Label", testFraction: 0.25, seed: 3);
        var train = ml.Data.CreateEnumerable<Row>(split.TrainSet, reuseRowObject: false).ToList();
        var test = ml.Data.CreateEnumerable<Row>(split.TestSet, reuseRowObject: false).ToList();
        Assert.Equal(rows.Select(r => r.Path).Order(), train.Concat(test).Select(r => r.Path).Order());
        Assert.Equal(new Dictionary<string, int> { ["blues"] = 1, ["jazz"] = 1, ["rock"] = 3 }, test.GroupBy(r => r.Label).ToDictionary(g => g.Key, g => g.Count()));
        Assert.Equal(test.Count, split.TestSet.GetRowCount());

        var again = ml.Data.CreateEnumerable<Row>(ml.Data.StratifiedTrainTestSplit(data, "Label", 0.25, seed: 3).TestSet, false).Select(r => r.Path);
        Assert.Equal(test.Select(r => r.Path), again);
        var other = ml.Data.CreateEnumerable<Row>(ml.Data.StratifiedTrainTestSplit(data, "Label", 0.25, seed: 4).TestSet, false).Select(r => r.Path);
        Assert.NotEqual(test.Select(r => r.Path), other);
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.Data.StratifiedTrainTestSplit(data, "Label", testFraction: 0));
        Assert.Throws<ArgumentException>(() => ml.Data.StratifiedTrainTestSplit(data, "Genre"));
    }
}
