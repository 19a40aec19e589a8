using Microsoft.ML;
using Microsoft.ML.Data;
using MusicGenre.Audio;
using MusicGenre.Datasets;
using MusicGenre.Evaluation;
using MusicGenre.Features;
using MusicGenre.MLNet;
using MusicGenre.MLNet.Persistence;
using MusicGenre.Models.Musicnn;

namespace MusicGenre.Cli.Modeling;

/// <summary>
/// Transfer learning on the pretrained MSD musicnn network, through the library's ML.NET chains:
/// "musicnn-linear" (<c>LoadAudio(16 kHz) → MusicnnEmbedding</c>, frozen, followed by
/// <see cref="MusicnnLinearPipeline.CreateHead"/>: normalisation + L-BFGS maximum entropy) and "musicnn-finetune"
/// (<see cref="MusicnnFineTunePipeline"/>: the whole network fine-tuned, then the same head). Saved with
/// <see cref="MusicnnModelFile"/> plus the tool's metadata entry. Predictions are per track (no timeline).
/// </summary>
/// <remarks>
/// musicnn-linear runs the embedding pass itself, one track at a time (a progress bar per track, Ctrl-C between
/// tracks), and keeps the frozen embeddings in <see cref="MusicnnEmbeddingMemo"/> so the folds and seeds of one
/// <c>compare</c> or k-fold <c>train</c> embed each track once. The fitted chain is the same as
/// <see cref="MusicnnLinearPipeline.Create"/>'s, behind <c>LoadAudio</c>.
/// </remarks>
internal sealed class MusicnnModel : IGenreModel
{
    private const string SamplesColumn = "Samples";
    private readonly MLContext _ml;
    private readonly ITransformer _chain;
    private readonly DataViewSchema _inputSchema;
    private readonly int[] _scoreIndexOfLabel;
    private readonly ThreadLocal<PredictionEngine<Row, Output>> _engines;
    private readonly EmbeddingSource? _embeddings;
    private readonly ThreadLocal<PredictionEngine<EmbeddingRow, Output>>? _headEngines;

    private MusicnnModel(string kind, MLContext ml, ITransformer chain, DataViewSchema inputSchema, IReadOnlyList<EpochRecord> history,
        EmbeddingSource? embeddings = null, ITransformer? head = null)
    {
        Kind = kind;
        _ml = ml;
        _chain = chain;
        _inputSchema = inputSchema;
        History = history;
        // The head's keys are in order of first occurrence in the training data; the tool lists genres sorted.
        var keys = KeyNames(chain.GetOutputSchema(inputSchema));
        Labels = keys.Order(StringComparer.Ordinal).ToList();
        _scoreIndexOfLabel = Labels.Select(l => keys.IndexOf(l)).ToArray();
        _engines = new(() => _ml.Model.CreatePredictionEngine<Row, Output>(_chain, _inputSchema), trackAllValues: true);
        if (embeddings is not null && head is not null)
        {
            _embeddings = embeddings;
            var headSchema = ml.Data.LoadFromEnumerable(Array.Empty<EmbeddingRow>()).Schema;
            _headEngines = new(() => _ml.Model.CreatePredictionEngine<EmbeddingRow, Output>(head, headSchema), trackAllValues: true);
        }
    }

    public string Kind { get; }
    public IReadOnlyList<string> Labels { get; }
    public IReadOnlyList<EpochRecord> History { get; }

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
    /// Trains a musicnn model of <paramref name="kind"/> on the training tracks (validation tracks drive early stopping
    /// when fine-tuning). musicnn-linear skips unreadable training tracks and adds them to <paramref name="failures"/>;
    /// fine-tuning stops at the first one, naming it.
    /// </summary>
    public static MusicnnModel Train(string kind, IReadOnlyList<GenreTrack> train, IReadOnlyList<GenreTrack> valid, TrainSettings settings,
        Progress.Report report, Action<string>? log, List<DatasetIssue>? failures, CancellationToken ct)
    {
        if (train.Select(t => t.Label).Distinct().Count() < 2)
            throw new CliException("Training needs tracks of at least two genres.");
        var weights = EnsureWeights(settings, report, ct);
        var ml = new MLContext(settings.Seed);
        var trainData = ml.Data.LoadFromEnumerable(train.Select(t => new Row(t.Path, t.Label)).ToList());
        if (kind == ModelKinds.MusicnnLinear)
        {
            var front = ml.Transforms.LoadAudio(SamplesColumn, nameof(Row.Path), new AudioLoadOptions { SampleRate = MusicnnFeatures.SampleRate })
                .Append(ml.Transforms.MusicnnEmbedding(MusicnnLinearPipeline.FeaturesColumn, SamplesColumn, new MusicnnEmbeddingOptions
                {
                    MaxPatches = settings.MusicnnMaxPatches,
                    Weights = new MusicnnWeightsOptions { Path = weights },
                }))
                .Append(ml.Transforms.DropColumns(SamplesColumn))
                .Fit(trainData);
            var embeddings = new EmbeddingSource(ml, front, trainData.Schema, $"{weights}|{settings.MusicnnMaxPatches}");
            var rows = new List<EmbeddingRow>(train.Count);
            var stage = $"{kind}: musicnn embeddings, training tracks";
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
            var head = MusicnnLinearPipeline.CreateHead(ml, MusicnnLinearPipeline.FeaturesColumn, nameof(EmbeddingRow.Label))
                .Fit(ml.Data.LoadFromEnumerable(rows));
            var chain = new TransformerChain<ITransformer>(front, head);
            return new MusicnnModel(kind, ml, chain, trainData.Schema, [], embeddings, head);
        }

        var validData = valid.Count > 0 ? ml.Data.LoadFromEnumerable(valid.Select(t => new Row(t.Path, t.Label)).ToList()) : null;
        var options = new MusicnnFineTuneOptions
        {
            Epochs = settings.Epochs,
            BatchSize = settings.BatchSize,
            LearningRate = settings.FineTuneLearningRate,
            Patience = settings.EarlyStoppingPatience,
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
            pathColumnName: nameof(Row.Path), labelColumnName: nameof(Row.Label), progress: epochs, cancellationToken: ct);
        return new MusicnnModel(kind, ml, tuned, trainData.Schema, history);
    }

    public static MusicnnModel Load(string path, ModelMetadata metadata)
    {
        var ml = new MLContext();
        ITransformer chain;
        DataViewSchema schema;
        try { chain = MusicnnModelFile.Load(ml, path, out schema); }
        catch (Exception ex) when (ex is GenreModelFormatException or InvalidDataException or IOException or InvalidOperationException or FormatException)
        {
            throw new CliException($"{path}: the musicnn model inside cannot be loaded ({ex.Message}).");
        }
        return new MusicnnModel(metadata.Kind, ml, chain, schema, []);
    }

    public TrackPrediction Predict(string path, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var scores = _embeddings is not null && _headEngines is not null
            ? _headEngines.Value!.Predict(new EmbeddingRow { MusicnnFeatures = _embeddings.Of(path), Label = Labels[0] }).Score
            : _engines.Value!.Predict(new Row(path, Labels[0])).Score;
        var probabilities = _scoreIndexOfLabel.Select(i => scores[i]).ToArray();
        return new TrackPrediction(path, probabilities, []);
    }

    public void Save(string path, ModelMetadata metadata)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        MusicnnModelFile.Save(_ml, _chain, _inputSchema, path);
        metadata.WriteInto(path);
    }

    public void Dispose()
    {
        foreach (var engine in _engines.Values) engine.Dispose();
        _engines.Dispose();
        if (_headEngines is not null)
        {
            foreach (var engine in _headEngines.Values) engine.Dispose();
            _headEngines.Dispose();
        }
        _embeddings?.Dispose();
    }

    private static List<string> KeyNames(DataViewSchema schema)
    {
        var column = schema.GetColumnOrNull("PredictedLabel") ?? throw new CliException("The musicnn model has no PredictedLabel column.");
        VBuffer<ReadOnlyMemory<char>> keys = default;
        column.GetKeyValues(ref keys);
        return keys.DenseValues().Select(k => k.ToString()).ToList();
    }

    /// <summary>Embeds files with the fitted <c>LoadAudio → MusicnnEmbedding</c> front, through <see cref="MusicnnEmbeddingMemo"/>.</summary>
    private sealed class EmbeddingSource(MLContext ml, ITransformer front, DataViewSchema inputSchema, string memoKey) : IDisposable
    {
        private readonly ThreadLocal<PredictionEngine<Row, EmbeddingRow>> _engines =
            new(() => ml.Model.CreatePredictionEngine<Row, EmbeddingRow>(front, inputSchema), trackAllValues: true);

        public float[] Of(string path) => MusicnnEmbeddingMemo.GetOrAdd(path, memoKey, () => _engines.Value!.Predict(new Row(path, "")).MusicnnFeatures);

        public void Dispose()
        {
            foreach (var engine in _engines.Values) engine.Dispose();
            _engines.Dispose();
        }
    }

    /// <summary>An input row: a path and a genre name (a placeholder genre when predicting).</summary>
    internal sealed class Row
    {
        public Row() { }

        public Row(string path, string label)
        {
            Path = path;
            Label = label;
        }

        public string Path { get; set; } = "";
        public string Label { get; set; } = "";
    }

    /// <summary>A track's mean-pooled musicnn embedding and genre: the head's input.</summary>
    internal sealed class EmbeddingRow
    {
        [VectorType(MusicnnArchitecture.EmbeddingSize)] public float[] MusicnnFeatures { get; set; } = [];
        public string Label { get; set; } = "";
    }

    internal sealed class Output
    {
        public float[] Score { get; set; } = [];
    }
}
