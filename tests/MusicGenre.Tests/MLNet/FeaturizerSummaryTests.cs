using Microsoft.ML;
using Microsoft.ML.Data;
using MusicGenre.Audio;
using MusicGenre.Features;
using MusicGenre.MLNet;
using MusicGenre.MLNet.Persistence;
using MusicGenre.Tests.Features;
using MusicGenre.Tests.TestInfrastructure;
using static MusicGenre.Tests.MLNet.FeaturizerTestData;

namespace MusicGenre.Tests.MLNet;

/// <summary>The classical baseline chain: LoadAudio → SummaryFeatures → SdcaMaximumEntropy.</summary>
public class FeaturizerSummaryTests
{
    [SkippableFact]
    public void SummaryFeaturesFeedABuiltInTrainerAndSurviveSaveAndLoad()
    {
        var rows = new[] { "blues", "classical", "metal" }
            .SelectMany(g => Enumerable.Range(0, 3).Select(i => new PathRow { Path = SharedData.GtzanClip($"{g}.0000{i}"), Label = g }))
            .ToArray();
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(rows);
        var pipeline = ml.Transforms.LoadAudio("Samples", "Path", new AudioLoadOptions { Duration = 10 })
            .Append(ml.Transforms.SummaryFeatures("Features", "Samples"))
            .Append(ml.Transforms.DropColumns("Samples"))
            .Append(ml.Transforms.Conversion.MapValueToKey("Label"))
            .Append(ml.Transforms.NormalizeMeanVariance("Features"))
            .AppendCacheCheckpoint(ml)
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(maximumNumberOfIterations: 200));

        var model = pipeline.Fit(data);
        var scored = model.Transform(data);

        var type = Assert.IsType<VectorDataViewType>(scored.Schema["Features"].Type);
        Assert.Equal(68, type.Size);
        var metrics = ml.MulticlassClassification.Evaluate(scored);
        Assert.True(metrics.MacroAccuracy > 0.9, $"training accuracy {metrics.MacroAccuracy}");

        var path = Path.Combine(Path.GetTempPath(), $"musicgenre-summary-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.SaveGenreModel(model, data.Schema, path);
            var fresh = new MLContext();
            var loaded = fresh.Model.LoadGenreModel(path, out _);
            var expected = scored.GetColumn<float[]>("Score").ToList();
            var reloaded = loaded.Transform(fresh.Data.LoadFromEnumerable(rows));
            Assert.Equal(expected, reloaded.GetColumn<float[]>("Score").ToList());
            // The loaded SummaryFeatures step keeps its known size and its slot names.
            var slotNames = default(VBuffer<ReadOnlyMemory<char>>);
            reloaded.Schema["Features"].GetSlotNames(ref slotNames);
            Assert.Equal(68, slotNames.Length);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [SkippableFact]
    public void SummaryFeaturesOfAClipMatchTheExtractorAndNameTheirSlots()
    {
        var samples = LibrosaFixtures.InputOf("blues.00000.seg4s.mel64.db.npy");
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable(new[] { new SamplesRow { Samples = samples }, new SamplesRow { Samples = [] } });
        var output = ml.Transforms.SummaryFeatures("Features", "Samples").Fit(data).Transform(data);

        var values = Column(output, "Features");
        Assert.Equal(new SummaryFeatures().Compute(samples), values[0]);
        Assert.All(values[1], v => Assert.True(float.IsNaN(v)));
        var slotNames = default(VBuffer<ReadOnlyMemory<char>>);
        output.Schema["Features"].GetSlotNames(ref slotNames);
        Assert.Equal("centroid_mean", slotNames.GetValues()[64].ToString());
    }
}
