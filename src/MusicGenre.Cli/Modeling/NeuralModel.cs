using Microsoft.ML;
using Microsoft.ML.Data;
using MusicGenre.Datasets;
using MusicGenre.Evaluation;
using MusicGenre.MLNet;
using MusicGenre.MLNet.Persistence;
using MusicGenre.Training;

namespace MusicGenre.Cli.Modeling;

/// <summary>
/// A genre network (CNN-LSTM, CNN-GRU or CRNN) trained with the library's ML.NET trainer on cached log-mel features:
/// <c>MapValueToKey("Label") → GenreNetwork(options)</c>; predictions come with the per-window timeline.
/// </summary>
internal sealed class NeuralModel : IGenreModel
{
    private readonly MLContext _ml;
    private readonly ITransformer _chain;
    private readonly GenreNetworkTransformer _network;
    private readonly LogMelFeatures _features;
    private readonly object _networkGate = new();

    private NeuralModel(string kind, MLContext ml, ITransformer chain, GenreNetworkTransformer network, LogMelFeatures features, IReadOnlyList<EpochRecord> history)
    {
        Kind = kind;
        _ml = ml;
        _chain = chain;
        _network = network;
        _features = features;
        History = history;
    }

    public string Kind { get; }
    public IReadOnlyList<string> Labels => _network.Model.Labels;
    public IReadOnlyList<EpochRecord> History { get; }
    public GenreNetworkTransformer Network => _network;

    /// <summary>Computes (or reads cached) features of the tracks in parallel; unreadable tracks go to <paramref name="failures"/>.</summary>
    public static List<Row> FeatureRows(IReadOnlyList<GenreTrack> tracks, LogMelFeatures features, List<DatasetIssue> failures, Action<int>? progress, CancellationToken ct)
    {
        var rows = new Row?[tracks.Count];
        var done = 0;
        Parallel.For(0, tracks.Count, new ParallelOptions { CancellationToken = ct }, i =>
        {
            try { rows[i] = new Row { Features = features.For(tracks[i].Path, ct).Values, Label = tracks[i].Label }; }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                lock (failures) failures.Add(new DatasetIssue(tracks[i].Path, DatasetIssueKind.Unreadable, ex.Message));
            }
            progress?.Invoke(Interlocked.Increment(ref done));
        });
        return rows.OfType<Row>().ToList();
    }

    public static NeuralModel Train(string kind, List<Row> train, List<Row>? valid, IReadOnlyList<string> labels, GenreTrainerOptions options, LogMelFeatures features)
    {
        if (train.Select(r => r.Label).Distinct().Count() < 2)
            throw new CliException("Training needs readable tracks of at least two genres.");
        var ml = new MLContext(options.Seed);
        var keys = ml.Data.LoadFromEnumerable(labels.Select(l => new LabelRow { Label = l }));
        var toKey = ml.Transforms.Conversion.MapValueToKey("Label", keyData: keys).Fit(ml.Data.LoadFromEnumerable(train));
        var trainData = toKey.Transform(ml.Data.LoadFromEnumerable(train));
        var validData = valid is { Count: > 0 } ? toKey.Transform(ml.Data.LoadFromEnumerable(valid)) : null;

        options.Architecture = kind;
        options.NMels = features.NMels;
        options.SampleRate = features.Options.SampleRate;
        options.HopLength = features.Options.HopLength;
        var trainer = ml.MulticlassClassification.Trainers.GenreNetwork(options);
        var network = trainer.Fit(trainData, validData);
        // From the trainer's history, not the progress reports: a resumed run reports only its new epochs.
        var history = network.TrainingHistory
            .Select(p => new EpochRecord(p.Epoch, p.TrainLoss, p.TrainAccuracy, p.ValidationLoss, p.ValidationAccuracy, p.Elapsed.TotalSeconds))
            .ToList();
        var chain = new TransformerChain<ITransformer>(toKey, network);
        return new NeuralModel(kind, ml, chain, network, features, history);
    }

    public static NeuralModel Load(string path, ModelMetadata metadata, string? cacheFolder)
    {
        var ml = new MLContext();
        ml.ComponentCatalog.RegisterAssembly(typeof(GenreNetworkTransformer).Assembly);
        ITransformer chain;
        try { chain = ml.Model.LoadGenreModel(path, out _); }
        catch (Exception ex) when (ex is GenreModelFormatException or InvalidDataException or IOException)
        {
            throw new CliException(ex.Message);
        }
        var network = Find(chain) ?? throw new CliException($"{path}: the model holds no genre network.");
        var features = new LogMelFeatures(network.Model.Shape.NMels, cacheFolder);
        return new NeuralModel(metadata.Kind, ml, chain, network, features, []);
    }

    private static GenreNetworkTransformer? Find(ITransformer t) => t switch
    {
        GenreNetworkTransformer n => n,
        TransformerChain<ITransformer> chain => chain.Select(Find).FirstOrDefault(x => x is not null),
        _ => null,
    };

    public TrackPrediction Predict(string path, CancellationToken cancellationToken)
    {
        var features = _features.For(path, cancellationToken);
        Models.GenreTimeline timeline;
        lock (_networkGate) timeline = _network.PredictTimeline(features.Values);
        var windows = timeline.Windows.Select(w => new WindowPrediction(w.Start.TotalSeconds, (w.Start + w.Duration).TotalSeconds, w.Probabilities)).ToList();
        return new TrackPrediction(path, timeline.Probabilities, windows);
    }

    /// <summary>The cached log-mel of a file (for plots).</summary>
    public CachedFeatures FeaturesOf(string path, CancellationToken ct) => _features.For(path, ct);

    public double SecondsPerFrame => _features.SecondsPerFrame;

    public void Save(string path, ModelMetadata metadata)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        var schema = _ml.Data.LoadFromEnumerable(Array.Empty<Row>()).Schema;
        _ml.Model.SaveGenreModel(_chain, schema, path);
        metadata.WriteInto(path);
    }

    public void Dispose()
    {
        _network.Model.Dispose();
        _features.Dispose();
    }

    internal sealed class Row
    {
        public float[] Features { get; set; } = [];
        public string Label { get; set; } = "";
    }

    private sealed class LabelRow
    {
        public string Label { get; set; } = "";
    }
}
