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
/// "musicnn-linear" (<c>LoadAudio(16 kHz) → MusicnnLinearPipeline</c>: frozen embeddings + L-BFGS maximum entropy) and
/// "musicnn-finetune" (<see cref="MusicnnFineTunePipeline"/>: the whole network fine-tuned, then the same head).
/// Saved with <see cref="MusicnnModelFile"/> plus the tool's metadata entry. Predictions are per track (no timeline).
/// </summary>
internal sealed class MusicnnModel : IGenreModel
{
    private const string SamplesColumn = "Samples";
    private readonly MLContext _ml;
    private readonly ITransformer _chain;
    private readonly DataViewSchema _inputSchema;
    private readonly int[] _scoreIndexOfLabel;
    private readonly ThreadLocal<PredictionEngine<Row, Output>> _engines;

    private MusicnnModel(string kind, MLContext ml, ITransformer chain, DataViewSchema inputSchema, IReadOnlyList<EpochRecord> history)
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

    /// <summary>Trains a musicnn model of <paramref name="kind"/> on the training tracks (validation tracks drive early stopping when fine-tuning).</summary>
    public static MusicnnModel Train(string kind, IReadOnlyList<GenreTrack> train, IReadOnlyList<GenreTrack> valid, TrainSettings settings,
        Progress.Report report, Action<string>? log, CancellationToken ct)
    {
        if (train.Select(t => t.Label).Distinct().Count() < 2)
            throw new CliException("Training needs tracks of at least two genres.");
        var weights = EnsureWeights(settings, report, ct);
        var ml = new MLContext(settings.Seed);
        var embedStage = $"{kind}: musicnn embeddings, training tracks";
        var counter = new ReadCounter(train.Count, n => report(embedStage, n, train.Count), ct);
        var trainData = ml.Data.LoadFromEnumerable(train.Select(t => new Row(t.Path, t.Label, counter)).ToList());
        ITransformer chain;
        var history = new List<EpochRecord>();
        try
        {
            if (kind == ModelKinds.MusicnnLinear)
            {
                counter.Enabled = true;
                report(embedStage, 0, train.Count);
                chain = ml.Transforms.LoadAudio(SamplesColumn, nameof(Row.Path), new AudioLoadOptions { SampleRate = MusicnnFeatures.SampleRate })
                    .Append(MusicnnLinearPipeline.Create(ml, SamplesColumn, nameof(Row.Label), new MusicnnEmbeddingOptions
                    {
                        MaxPatches = settings.MusicnnMaxPatches,
                        Weights = new MusicnnWeightsOptions { Path = weights },
                    }))
                    .Fit(trainData);
            }
            else
            {
                var validData = valid.Count > 0 ? ml.Data.LoadFromEnumerable(valid.Select(t => new Row(t.Path, t.Label, null)).ToList()) : null;
                var options = new MusicnnFineTuneOptions
                {
                    Epochs = settings.Epochs,
                    BatchSize = settings.BatchSize,
                    LearningRate = settings.FineTuneLearningRate,
                    Patience = settings.EarlyStoppingPatience,
                    Seed = settings.Seed,
                };
                report($"{kind}: decoding and cutting patches", 0, null);
                var epochs = new Progress.Reporter<MusicnnFineTuneProgress>(p =>
                {
                    history.Add(new EpochRecord(p.Epoch, p.TrainLoss, p.TrainAccuracy, p.ValidationLoss, p.ValidationAccuracy, p.Elapsed.TotalSeconds));
                    report($"{kind}: fine-tuning epochs", p.Epoch, p.Epochs);
                    var v = p.ValidationLoss is { } vl ? FormattableString.Invariant($", valid loss {vl:0.0000}, valid acc {p.ValidationAccuracy:0.000}") : "";
                    log?.Invoke(FormattableString.Invariant(
                        $"{kind} epoch {p.Epoch,3}/{p.Epochs}: loss {p.TrainLoss:0.0000}, acc {p.TrainAccuracy:0.000}{v}, {p.Elapsed.TotalSeconds:0.0} s{(p.IsBest ? " *" : "")}"));
                    counter.Enabled = true; // paths are read again only by the final embedding pass
                });
                chain = MusicnnFineTunePipeline.Fit(ml, trainData, validData, weights, options, audio: null,
                    featureOptions: new MusicnnFeaturesOptions { MaxPatches = settings.MusicnnMaxPatches },
                    pathColumnName: nameof(Row.Path), labelColumnName: nameof(Row.Label), progress: epochs, cancellationToken: ct);
            }
        }
        catch (OperationCanceledException) { throw; }
        catch (Exception ex) when (ct.IsCancellationRequested && ex is InvalidOperationException or AggregateException)
        {
            throw new OperationCanceledException("Training was cancelled.", ex, ct); // ML.NET wraps a cancelled pass
        }
        return new MusicnnModel(kind, ml, chain, trainData.Schema, history);
    }

    public static MusicnnModel Load(string path, ModelMetadata metadata)
    {
        var ml = new MLContext();
        ITransformer chain;
        DataViewSchema schema;
        try { chain = MusicnnModelFile.Load(ml, path, out schema); }
        catch (Exception ex) when (ex is InvalidDataException or IOException or InvalidOperationException or FormatException)
        {
            throw new CliException($"{path}: the musicnn model inside cannot be loaded ({ex.Message}).");
        }
        return new MusicnnModel(metadata.Kind, ml, chain, schema, []);
    }

    public TrackPrediction Predict(string path, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var scores = _engines.Value!.Predict(new Row(path, Labels[0], null)).Score;
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
    }

    private static List<string> KeyNames(DataViewSchema schema)
    {
        var column = schema.GetColumnOrNull("PredictedLabel") ?? throw new CliException("The musicnn model has no PredictedLabel column.");
        VBuffer<ReadOnlyMemory<char>> keys = default;
        column.GetKeyValues(ref keys);
        return keys.DenseValues().Select(k => k.ToString()).ToList();
    }

    /// <summary>
    /// Counts the first reads of each training row's path: the chain reads a path only when it decodes the track, so
    /// this is the embedding pass's progress; also where a cancelled pass stops (between tracks).
    /// </summary>
    internal sealed class ReadCounter(int total, Action<int> report, CancellationToken ct)
    {
        private int _read;

        public volatile bool Enabled;

        public void OnRead()
        {
            ct.ThrowIfCancellationRequested();
            if (!Enabled) return;
            var n = Interlocked.Increment(ref _read);
            if (n <= total) report(n);
        }
    }

    /// <summary>An input row: a path and a genre name (a placeholder genre when predicting).</summary>
    internal sealed class Row
    {
        private readonly ReadCounter? _counter;
        private string _path = "";

        public Row() { }

        public Row(string path, string label, ReadCounter? counter)
        {
            _path = path;
            Label = label;
            _counter = counter;
        }

        public string Path
        {
            get { _counter?.OnRead(); return _path; }
            set => _path = value;
        }

        public string Label { get; set; } = "";
    }

    internal sealed class Output
    {
        public float[] Score { get; set; } = [];
    }
}
