using Microsoft.ML;
using Microsoft.ML.Data;
using MusicGenre.Audio;
using MusicGenre.MLNet;
using MusicGenre.MLNet.Persistence;
using MusicGenre.Models.Musicnn;
using MusicGenre.Tests.TestInfrastructure;
using Xunit.Abstractions;

namespace MusicGenre.Tests.Musicnn;

/// <summary>
/// Fine-tuning the whole network on a few gtzan-mini patches (blues and metal, 2 clips each, one 3 s patch per clip:
/// backpropagation through musicnn costs about 1 s per patch on 2 busy cores), and the one-call "musicnn-finetune"
/// chain from paths with save → load giving identical scores.
/// </summary>
public sealed class MusicnnFineTunerTests(ITestOutputHelper output) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("musicgenre-musicnn-finetune-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [SkippableFact]
    public void FineTuningLowersTheLoss()
    {
        var clips = GtzanMiniClips.OnePatchEach;
        var genres = new List<string> { "blues", "metal" };
        var subset = clips.Where(c => genres.Contains(c.Label)).GroupBy(c => c.Label).SelectMany(g => g.Take(2)).ToList();
        var train = MusicnnPatchSet.FromTracks(subset.Select(c => (c.Samples, genres.IndexOf(c.Label))), genres.Count);
        Assert.Equal(4, train.Count);
        var reports = new List<MusicnnFineTuneProgress>();
        var checkpoints = Path.Combine(folder, "checkpoints");

        // The training patches double as validation data: early stopping and the best-weights checkpoint need some.
        var result = MusicnnFineTuner.FineTune(MusicnnReference.WeightsPath, train, validation: train,
            new MusicnnFineTuneOptions { Epochs = 3, BatchSize = 2, EarlyStoppingPatience = 2, Seed = 7, CheckpointDirectory = checkpoints },
            new Progress(reports.Add));
        using var classifier = result.Classifier;

        foreach (var r in result.History)
            output.WriteLine($"epoch {r.Epoch}: train loss {r.TrainLoss:F3}, accuracy {r.TrainAccuracy:P0}, {r.Elapsed.TotalSeconds:F1} s{(r.IsBest ? " (best)" : "")}");
        Assert.Equal(result.History, reports);
        Assert.Equal(3, result.History.Count);
        Assert.True(result.History[^1].TrainLoss < result.History[0].TrainLoss, "training loss did not fall");
        Assert.True(File.Exists(Path.Combine(checkpoints, MusicnnFineTuner.BestWeightsFile)));
        var (loss, accuracy) = MusicnnFineTuner.Evaluate(classifier, train);
        output.WriteLine($"on its training patches after fine-tuning (evaluation mode): loss {loss:F3}, accuracy {accuracy:P0}");
        Assert.True(loss < result.History[0].TrainLoss, $"evaluation loss {loss:F3} not below the first epoch's {result.History[0].TrainLoss:F3}");
    }

    [SkippableFact]
    public void FineTunePipelineFitsFromPathsAndReloadsIdentically()
    {
        var rows = new[] { "blues.00000", "blues.00001", "metal.00000", "metal.00001" }
            .Select(id => new LabelledPath { Path = SharedData.GtzanClip(id), Label = id.Split('.')[0] }).ToList();
        var ml = new MLContext(seed: 3);
        var data = ml.Data.LoadFromEnumerable(rows);
        var epochs = new List<MusicnnFineTuneProgress>();

        var model = MusicnnFineTunePipeline.Fit(ml, data, validationData: null, MusicnnReference.WeightsPath,
            new MusicnnFineTuneOptions { Epochs = 2, BatchSize = 2, Seed = 3 },
            new AudioLoadOptions { Offset = 10, Duration = 3 }, progress: new Progress(epochs.Add));

        Assert.Equal(2, epochs.Count);
        var path = Path.Combine(folder, "pipeline.zip");
        ml.Model.SaveGenreModel(model, data.Schema, path);
        Assert.Equal(GenreModelKinds.MusicnnFineTune, GenreModelInfo.Read(path).Kind);
        var loaded = new MLContext().Model.LoadGenreModel(path, out _);
        var predicted = ml.Data.CreateEnumerable<GenreRow>(model.Transform(data), reuseRowObject: false).ToList();
        Assert.All(predicted, r => Assert.Contains(r.PredictedGenre, new[] { "blues", "metal" }));
        Assert.Equal(Scores(ml, model.Transform(data)), Scores(ml, loaded.Transform(data)));
    }

    [SkippableFact]
    public void CancellationStopsBetweenBatches()
    {
        var weights = MusicnnReference.WeightsPath;
        var train = new MusicnnPatchSet(new float[2 * MusicnnPatchSet.PatchSize], [0, 1], 2);
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => MusicnnFineTuner.FineTune(weights, train, cancellationToken: cts.Token));
    }

    [Fact]
    public void InvalidOptionsAreAllReportedAtOnce()
    {
        var e = Assert.Throws<ArgumentException>(() => new MusicnnFineTuneOptions { Epochs = 0, BatchSize = 0, LearningRate = -1, HeadLearningRate = 0, EarlyStoppingPatience = -1 }.Validate());
        foreach (var name in new[] { "Epochs", "BatchSize", "LearningRate", "HeadLearningRate", "EarlyStoppingPatience" }) Assert.Contains(name, e.Message);
    }

    [Fact]
    public void PatchSetRejectsLabelsOutOfRange()
    {
        Assert.Throws<ArgumentException>(() => new MusicnnPatchSet(new float[MusicnnPatchSet.PatchSize], [3], 2));
        Assert.Throws<ArgumentException>(() => new MusicnnPatchSet(new float[10], [0], 2));
    }

    private static List<float[]> Scores(MLContext ml, IDataView view) => ml.Data.CreateEnumerable<ScoreRow>(view, reuseRowObject: false).Select(r => r.Score).ToList();

    public sealed class LabelledPath
    {
        public string Path { get; set; } = "";

        public string Label { get; set; } = "";
    }

    public sealed class GenreRow
    {
        public string PredictedGenre { get; set; } = "";
    }

    public sealed class ScoreRow
    {
        public float[] Score { get; set; } = [];
    }

    private sealed class Progress(Action<MusicnnFineTuneProgress> report) : IProgress<MusicnnFineTuneProgress>
    {
        public void Report(MusicnnFineTuneProgress value) => report(value);
    }
}
