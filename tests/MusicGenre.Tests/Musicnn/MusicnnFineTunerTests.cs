using Microsoft.ML;
using Microsoft.ML.Data;
using MusicGenre.MLNet;
using MusicGenre.Models.Musicnn;
using Xunit.Abstractions;

namespace MusicGenre.Tests.Musicnn;

/// <summary>
/// Fine-tuning the whole network on a few gtzan-mini patches (blues and metal, 2 clips each, one 3 s patch per clip:
/// backpropagation through musicnn costs about 1 s per patch on 2 busy cores), then using the fine-tuned network in
/// the ML.NET chain ("musicnn-finetune") with save → load giving identical scores.
/// </summary>
public sealed class MusicnnFineTunerTests(ITestOutputHelper output) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("musicgenre-musicnn-finetune-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [SkippableFact]
    public void FineTuningLowersTheLossAndTheNetworkServesTheChain()
    {
        var clips = GtzanMiniClips.OnePatchEach;
        var genres = new List<string> { "blues", "metal" };
        var subset = clips.Where(c => genres.Contains(c.Label)).GroupBy(c => c.Label).SelectMany(g => g.Take(2)).ToList();
        var train = MusicnnPatchSet.FromTracks(subset.Select(c => (c.Samples, genres.IndexOf(c.Label))), genres.Count);
        Assert.Equal(4, train.Count);
        var reports = new List<MusicnnFineTuneProgress>();
        var checkpoint = Path.Combine(folder, "best.bin");

        var result = MusicnnFineTuner.FineTune(MusicnnReference.WeightsPath, train, validation: null,
            new MusicnnFineTuneOptions { Epochs = 3, BatchSize = 2, Patience = 2, Seed = 7, CheckpointPath = checkpoint },
            new Progress(reports.Add));
        using var classifier = result.Classifier;

        foreach (var r in result.History)
            output.WriteLine($"epoch {r.Epoch}: train loss {r.TrainLoss:F3}, accuracy {r.TrainAccuracy:P0}, {r.Elapsed.TotalSeconds:F1} s{(r.IsBest ? " (best)" : "")}");
        Assert.Equal(result.History, reports);
        Assert.Equal(3, result.History.Count);
        Assert.True(result.History[^1].TrainLoss < result.History[0].TrainLoss, "training loss did not fall");
        Assert.True(File.Exists(checkpoint));
        var (loss, accuracy) = MusicnnFineTuner.Evaluate(classifier, train);
        output.WriteLine($"on its training patches after fine-tuning (evaluation mode): loss {loss:F3}, accuracy {accuracy:P0}");
        Assert.True(loss < result.History[0].TrainLoss, $"evaluation loss {loss:F3} not below the first epoch's {result.History[0].TrainLoss:F3}");

        // musicnn-finetune in ML.NET: the fine-tuned network's embeddings → linear head; save → load identical.
        using var embedder = result.CreateEmbedder();
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(subset);
        var model = ml.Transforms.MusicnnEmbedding(MusicnnLinearPipeline.FeaturesColumn, "Samples", embedder)
            .AppendCacheCheckpoint(ml)
            .Append(MusicnnLinearPipeline.CreateHead(ml, MusicnnLinearPipeline.FeaturesColumn))
            .Fit(data);
        var path = Path.Combine(folder, "finetuned.zip");
        MusicnnModelFile.Save(ml, model, data.Schema, path);
        var loaded = MusicnnModelFile.Load(new MLContext(seed: 2), path, out _);

        Assert.Equal(Scores(ml, model.Transform(data)), Scores(ml, loaded.Transform(data)));
    }

    [SkippableFact]
    public void CancellationStopsBetweenBatches()
    {
        var train = new MusicnnPatchSet(new float[2 * MusicnnPatchSet.PatchSize], [0, 1], 2);
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() =>
            MusicnnFineTuner.FineTune(MusicnnReference.WeightsPath, train, cancellationToken: cts.Token));
    }

    [Fact]
    public void InvalidOptionsAreAllReportedAtOnce()
    {
        var e = Assert.Throws<ArgumentException>(() => new MusicnnFineTuneOptions { Epochs = 0, BatchSize = 0, LearningRate = -1, HeadLearningRate = 0, Patience = 0 }.Validate());
        foreach (var name in new[] { "Epochs", "BatchSize", "LearningRate", "HeadLearningRate", "Patience" }) Assert.Contains(name, e.Message);
    }

    [Fact]
    public void PatchSetRejectsLabelsOutOfRange()
    {
        Assert.Throws<ArgumentException>(() => new MusicnnPatchSet(new float[MusicnnPatchSet.PatchSize], [3], 2));
        Assert.Throws<ArgumentException>(() => new MusicnnPatchSet(new float[10], [0], 2));
    }

    private static List<float[]> Scores(MLContext ml, IDataView view) => ml.Data.CreateEnumerable<ScoreRow>(view, reuseRowObject: false).Select(r => r.Score).ToList();

    public sealed class ScoreRow
    {
        public float[] Score { get; set; } = [];
    }

    private sealed class Progress(Action<MusicnnFineTuneProgress> report) : IProgress<MusicnnFineTuneProgress>
    {
        public void Report(MusicnnFineTuneProgress value) => report(value);
    }
}
