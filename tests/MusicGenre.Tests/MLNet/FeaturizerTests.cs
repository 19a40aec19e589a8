using Microsoft.ML;
using Microsoft.ML.Data;
using MusicGenre.Audio;
using MusicGenre.Features;
using MusicGenre.MLNet;
using MusicGenre.Tests.Features;
using MusicGenre.Tests.TestInfrastructure;
using static MusicGenre.Tests.MLNet.FeaturizerTestData;

namespace MusicGenre.Tests.MLNet;

/// <summary>LoadAudio and MelSpectrogram as ML.NET estimators: schema, values, chaining, bad files.</summary>
public class FeaturizerTests
{
    [SkippableFact]
    public void MelSpectrogramOfFixtureSamplesMatchesLibrosaWithAFixedShape()
    {
        var samples = LibrosaFixtures.InputOf("blues.00000.seg4s.mel64.db.npy");
        var (expected, _) = Npy.Read(SharedData.Fixture("blues.00000.seg4s.mel64.db.npy"));
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[] { new SamplesRow { Samples = samples } });

        var model = ml.Transforms.MelSpectrogram("Features", "Samples", nMels: 64, fixedDuration: 4.0).Fit(data);
        var output = model.Transform(data);

        var type = Assert.IsType<VectorDataViewType>(output.Schema["Features"].Type);
        Assert.Equal(new[] { 64, 173 }, type.Dimensions.ToArray());
        Assert.Equal(173, model.FrameCount);
        var actual = Column(output, "Features").Single();
        float floor = expected.Max() - 80;
        for (int i = 0; i < expected.Length; i++)
            if (expected[i] > floor) Assert.True(Math.Abs(actual[i] - expected[i]) <= 0.01, $"index {i}: {actual[i]} vs {expected[i]}");
    }

    [Fact]
    public void VariableLengthRowsGiveNMelsTimesFrames()
    {
        var ml = new MLContext(seed: 1);
        var rows = new[] { 1000, 22050, 5 }.Select(n => new SamplesRow { Samples = TestSignals.Noise(n, n) }).ToArray();
        var data = ml.Data.LoadFromEnumerable(rows);

        var output = ml.Transforms.MelSpectrogram("Mel", "Samples", new MelSpectrogramTransformOptions
        {
            Mel = new MelSpectrogramOptions { NMels = 32 }, ToDb = false,
        }).Fit(data).Transform(data);

        var mel = new MelSpectrogram(new MelSpectrogramOptions { NMels = 32 });
        var values = Column(output, "Mel");
        for (int r = 0; r < rows.Length; r++)
            Assert.Equal(mel.Compute(rows[r].Samples), values[r]);
        Assert.Equal(0, ((VectorDataViewType)output.Schema["Mel"].Type).Size);
    }

    [Fact]
    public void WrongInputColumnIsRejectedByName()
    {
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable(new[] { new PathRow { Path = "x.wav" } });
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.MelSpectrogram("Mel", "Path").Fit(data));
        Assert.Contains("'Path'", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.MelSpectrogram("Mel", "Missing").GetOutputSchema(ShapeOf(data.Schema)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.LoadAudio("Samples", "Label").Fit(ml.Data.LoadFromEnumerable(new[] { new SamplesRow() })));
    }

    [Fact]
    public void InvalidOptionsAreReportedTogether()
    {
        var ml = new MLContext();
        var e = Assert.Throws<ArgumentException>(() => ml.Transforms.MelSpectrogram("Mel", "Samples", new MelSpectrogramTransformOptions
        {
            Mel = new MelSpectrogramOptions { NMels = 0, HopLength = 0 }, FixedDuration = -1,
        }));
        Assert.Contains("NMels", e.Message);
        Assert.Contains("HopLength", e.Message);
        Assert.Contains("FixedDuration", e.Message);
    }

    [SkippableFact]
    public void LoadAudioThenMelSpectrogramChainsWithBuiltInsAndMatchesTheFixture()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(GtzanRows());
        var pipeline = ml.Transforms.LoadAudio("Samples", "Path")
            .Append(ml.Transforms.MelSpectrogram("Features", "Samples", nMels: 64))
            .Append(ml.Transforms.Conversion.MapValueToKey("LabelKey", "Label"))
            .Append(ml.Transforms.CopyColumns("FeaturesCopy", "Features"));

        var schema = pipeline.GetOutputSchema(ShapeOf(data.Schema));
        Assert.Contains(schema, c => c.Name == "Features" && c.ItemType == NumberDataViewType.Single);
        var output = pipeline.Fit(data).Transform(data);

        var features = Column(output, "FeaturesCopy");
        var (expected, shape) = Npy.Read(SharedData.Fixture("blues.00000.mel64.db.npy"));
        Assert.Equal(shape[0] * shape[1], features[0].Length);
        float floor = expected.Max() - 80;
        double worst = 0;
        for (int i = 0; i < expected.Length; i++)
            if (expected[i] > floor) worst = Math.Max(worst, Math.Abs(features[0][i] - expected[i]));
        Assert.True(worst <= 0.01, $"max error {worst} dB");
        var metal = new LogMelSpectrogram(new MelSpectrogramOptions { NMels = 64 }).Compute(AudioFile.Load(GtzanRows()[1].Path).Samples);
        Assert.Equal(metal, features[1]);
        Assert.Equal(new uint[] { 1, 2 }, output.GetColumn<uint>("LabelKey").ToArray());
    }

    [SkippableFact]
    public void ABadFileFailsWithItsName()
    {
        var bad = SharedData.Bad("random_bytes.wav");
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable(new[] { new PathRow { Path = bad } });
        var output = ml.Transforms.LoadAudio("Samples", "Path").Fit(data).Transform(data);

        var e = Assert.ThrowsAny<Exception>(() => Column(output, "Samples"));
        Assert.Contains(AllMessages(e), m => m.Contains("random_bytes.wav"));
    }

    [Fact]
    public void AMissingFileFailsWithItsName()
    {
        var ml = new MLContext();
        var path = Path.Combine(Path.GetTempPath(), "musicgenre-no-such-file.wav");
        var data = ml.Data.LoadFromEnumerable(new[] { new PathRow { Path = path } });
        var output = ml.Transforms.LoadAudio("Samples", "Path").Fit(data).Transform(data);
        var e = Assert.ThrowsAny<Exception>(() => Column(output, "Samples"));
        Assert.Contains(AllMessages(e), m => m.Contains("musicgenre-no-such-file.wav"));
    }

    [SkippableFact]
    public void BadFilesCanBeSkippedAndReported()
    {
        var rows = new[]
        {
            new PathRow { Path = SharedData.GtzanClip("blues.00000"), Label = "blues" },
            new PathRow { Path = SharedData.Bad("text.mp3"), Label = "bad" },
            new PathRow { Path = SharedData.Bad("zero_channels.wav"), Label = "bad" },
        };
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable(rows);
        var pipeline = ml.Transforms.LoadAudio("Samples", "Path", skipBadFiles: true, errorColumnName: "Error")
            .Append(ml.Transforms.MelSpectrogram("Features", "Samples", nMels: 64, fixedDuration: 30));

        var output = pipeline.Fit(data).Transform(data);

        var errors = TextColumn(output, "Error");
        Assert.Equal("", errors[0]);
        Assert.Contains("text.mp3", errors[1]);
        Assert.Contains("zero_channels.wav", errors[2]);
        var features = Column(output, "Features");
        Assert.All(features[0], v => Assert.True(float.IsFinite(v)));
        Assert.All(features[1], v => Assert.True(float.IsNaN(v)));
        var kept = ml.Data.FilterRowsByMissingValues(output, "Features");
        Assert.Equal(new[] { "blues" }, TextColumn(kept, "Label"));
    }

    private static IEnumerable<string> AllMessages(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException) yield return x.Message;
        if (e is AggregateException a) foreach (var inner in a.InnerExceptions) foreach (var m in AllMessages(inner)) yield return m;
    }
}
