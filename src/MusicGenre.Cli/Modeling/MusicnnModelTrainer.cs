using Microsoft.ML;
using Microsoft.ML.Data;
using MusicGenre.Audio;
using MusicGenre.Datasets;
using MusicGenre.Evaluation;
using MusicGenre.Features;
using MusicGenre.MLNet;
using MusicGenre.Models.Musicnn;

namespace MusicGenre.Cli.Modeling;

/// <summary>
/// Transfer learning on the pretrained MSD musicnn network, through the library's ML.NET chains:
/// "musicnn-linear" (<c>LoadAudio(16 kHz) → MusicnnEmbedding</c>, frozen, followed by
/// <see cref="MusicnnLinearPipeline.CreateHead"/>: normalisation + L-BFGS maximum entropy) and "musicnn-finetune"
/// (<see cref="MusicnnFineTunePipeline"/>: the whole network fine-tuned, then the same head). Predictions are per
/// track (no timeline).
/// </summary>
/// <remarks>
/// musicnn-linear runs the embedding pass itself, one track at a time (a progress bar per track, Ctrl-C between
/// tracks), and keeps the frozen embeddings in <see cref="MusicnnEmbeddingMemo"/> so the folds and seeds of one
/// <c>compare</c> or k-fold <c>train</c> embed each track once; its test tracks are scored from the same memo. The
/// saved chain is <c>LoadAudio → MusicnnEmbedding → head</c>, the same as <see cref="MusicnnLinearPipeline.Create"/>'s.
/// </remarks>
internal static class MusicnnModelTrainer
{
    private const string SamplesColumn = "Samples";

    /// <summary>The embedding's patch options as a description (for reports and <c>info</c>).</summary>
    public static string DescribePatches(int? maxPatches)
        => maxPatches is { } m ? $"3 s patches (187 frames, 16 kHz, 96 mel bands), at most {m} per track, mean-pooled to 200 values" : "every 3 s patch (187 frames, 16 kHz, 96 mel bands), mean-pooled to 200 values";

    /// <summary>Fetches (or checks) the pretrained weights, reporting a download when one happens.</summary>
    public static string EnsureWeights(TrainSettings settings, Progress.Report report, CancellationToken ct)
    {
        var options = new MusicnnWeightsOptions { Path = settings.MusicnnWeights, CacheDirectory = settings.MusicnnCache };
        if (settings.MusicnnUrl is not null) options.Url = settings.MusicnnUrl;
        var progress = new Progress.Reporter<MusicnnDownloadProgress>(p => report("musicnn: downloading weights (MB)", p.BytesReceived / 1e6, p.TotalBytes / 1e6));
        try
        {
            return MusicnnWeights.EnsureAsync(options, progress, ct).GetAwaiter().GetResult();
        }
        catch (MusicnnWeightsException ex)
        {
            throw new CliException(ex.Message + " With musicgenre, pass the file with --musicnn-weights PATH.");
        }
    }

    /// <summary>
    /// Trains a musicnn model on the training tracks (validation tracks drive early stopping when fine-tuning).
    /// musicnn-linear skips unreadable training tracks and adds them to <paramref name="failures"/>; fine-tuning stops
    /// at the first one, naming it.
    /// </summary>
    public static TrainedModel Train(IReadOnlyList<GenreTrack> train, IReadOnlyList<GenreTrack> valid, TrainSettings settings,
        Progress.Report report, Action<string>? log, List<DatasetIssue>? failures, CancellationToken ct)
    {
        var kind = settings.Kind;
        if (train.Select(t => t.Label).Distinct().Count() < 2)
            throw new CliException("Training needs tracks of at least two genres.");
        var weights = EnsureWeights(settings, report, ct);
        var ml = new MLContext(settings.Seed);
        var trainData = ml.Data.LoadFromEnumerable(train.Select(t => new TrackRow { Path = t.Path, Label = t.Label }).ToList());
        return kind == ModelKinds.MusicnnLinear
            ? TrainLinear(ml, trainData, train, settings, weights, report, failures, ct)
            : TrainFineTuned(ml, trainData, valid, settings, weights, report, log, ct);
    }

    private static TrainedModel TrainLinear(MLContext ml, IDataView trainData, IReadOnlyList<GenreTrack> train, TrainSettings settings, string weights,
        Progress.Report report, List<DatasetIssue>? failures, CancellationToken ct)
    {
        var front = ml.Transforms.LoadAudio(SamplesColumn, nameof(TrackRow.Path), new AudioLoadOptions { SampleRate = MusicnnFeatures.SampleRate })
            .Append(ml.Transforms.MusicnnEmbedding(MusicnnLinearPipeline.FeaturesColumn, SamplesColumn, new MusicnnEmbeddingOptions
            {
                MaxPatches = settings.MusicnnMaxPatches,
                Weights = new MusicnnWeightsOptions { Path = weights },
            }))
            .Append(ml.Transforms.DropColumns(SamplesColumn))
            .Fit(trainData);
        var embeddings = new EmbeddingSource(ml, front, trainData.Schema, $"{weights}|{settings.MusicnnMaxPatches}");
        var rows = new List<EmbeddingRow>(train.Count);
        var stage = $"{settings.Kind}: musicnn embeddings, training tracks";
        report(stage, 0, train.Count);
        for (var i = 0; i < train.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            try { rows.Add(new EmbeddingRow { MusicnnFeatures = embeddings.Of(train[i].Path), Label = train[i].Label }); }
            catch (Exception ex) when (ex is not OperationCanceledException && failures is not null)
            {
                failures.Add(new DatasetIssue(train[i].Path, DatasetIssueKind.Unreadable, (ex.InnerException ?? ex).Message));
            }
            report(stage, i + 1, train.Count);
        }
        if (rows.Select(r => r.Label).Distinct().Count() < 2)
            throw new CliException("musicnn-linear needs readable training tracks of at least two genres.");
        var head = MusicnnLinearPipeline.CreateHead(ml, MusicnnLinearPipeline.FeaturesColumn, nameof(EmbeddingRow.Label)).Fit(ml.Data.LoadFromEnumerable(rows));
        var headSchema = ml.Data.LoadFromEnumerable(Array.Empty<EmbeddingRow>()).Schema;
        var headEngines = new ThreadLocal<PredictionEngine<EmbeddingRow, ScoreRow>>(() => ml.Model.CreatePredictionEngine<EmbeddingRow, ScoreRow>(head, headSchema));
        float[] Remembered(string path, CancellationToken token)
        {
            token.ThrowIfCancellationRequested();
            return headEngines.Value!.Predict(new EmbeddingRow { MusicnnFeatures = embeddings.Of(path) }).Score;
        }
        return new TrainedModel(settings.Kind, ml, new TransformerChain<ITransformer>([.. front, .. (IEnumerable<ITransformer>)head]), TrackRow.Schema(ml), [], rememberedScores: Remembered);
    }

    private static TrainedModel TrainFineTuned(MLContext ml, IDataView trainData, IReadOnlyList<GenreTrack> valid, TrainSettings settings, string weights,
        Progress.Report report, Action<string>? log, CancellationToken ct)
    {
        var kind = settings.Kind;
        var validData = valid.Count > 0 ? ml.Data.LoadFromEnumerable(valid.Select(t => new TrackRow { Path = t.Path, Label = t.Label }).ToList()) : null;
        var options = new MusicnnFineTuneOptions
        {
            Epochs = settings.Epochs,
            BatchSize = settings.BatchSize,
            LearningRate = settings.FineTuneLearningRate,
            EarlyStoppingPatience = settings.EarlyStoppingPatience,
            Seed = settings.Seed,
        };
        var history = new List<EpochRecord>();
        report($"{kind}: decoding and cutting patches", 0, null);
        var epochs = new Progress.Reporter<MusicnnFineTuneProgress>(p =>
        {
            history.Add(new EpochRecord(p.Epoch, p.TrainLoss, p.TrainAccuracy, p.ValidationLoss, p.ValidationAccuracy, p.Elapsed.TotalSeconds));
            report($"{kind}: fine-tuning epochs", p.Epoch, p.Epochs);
            log?.Invoke(TrainingRunner.EpochLine(kind, p.Epoch, p.Epochs, p.TrainLoss, p.TrainAccuracy, p.ValidationLoss, p.ValidationAccuracy, p.Elapsed, p.IsBest));
        });
        var tuned = MusicnnFineTunePipeline.Fit(ml, trainData, validData, weights, options, audio: null,
            featureOptions: new MusicnnFeaturesOptions { MaxPatches = settings.MusicnnMaxPatches },
            pathColumnName: nameof(TrackRow.Path), labelColumnName: nameof(TrackRow.Label), progress: epochs, cancellationToken: ct);
        return new TrainedModel(kind, ml, tuned, TrackRow.Schema(ml), history);
    }

    /// <summary>Embeds files with the fitted <c>LoadAudio → MusicnnEmbedding</c> front, through <see cref="MusicnnEmbeddingMemo"/>.</summary>
    private sealed class EmbeddingSource(MLContext ml, ITransformer front, DataViewSchema inputSchema, string memoKey)
    {
        private readonly ThreadLocal<PredictionEngine<TrackRow, EmbeddingRow>> engines =
            new(() => ml.Model.CreatePredictionEngine<TrackRow, EmbeddingRow>(front, inputSchema));

        public float[] Of(string path) => MusicnnEmbeddingMemo.GetOrAdd(path, memoKey, () => engines.Value!.Predict(new TrackRow { Path = path }).MusicnnFeatures);
    }

    /// <summary>A track's mean-pooled musicnn embedding and genre: the head's input.</summary>
    internal sealed class EmbeddingRow
    {
        [VectorType(MusicnnArchitecture.EmbeddingSize)] public float[] MusicnnFeatures { get; set; } = [];
        public string Label { get; set; } = "";
    }

    internal sealed class ScoreRow
    {
        public float[] Score { get; set; } = [];
    }
}
