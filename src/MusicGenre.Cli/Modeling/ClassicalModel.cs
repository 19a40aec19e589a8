using Microsoft.ML;
using Microsoft.ML.Data;
using MusicGenre.Datasets;
using MusicGenre.Evaluation;

namespace MusicGenre.Cli.Modeling;

/// <summary>
/// The classical baseline: <see cref="ClassicalFeatures"/> per track fed to an ordinary ML.NET chain
/// (<c>MapValueToKey → NormalizeMeanVariance → SdcaMaximumEntropy | LightGbm → MapKeyToValue</c>).
/// </summary>
internal sealed class ClassicalModel : IGenreModel
{
    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly FeatureCache? _cache;
    private readonly ThreadLocal<MusicGenre.Features.SummaryFeatures> _extractors = ClassicalFeatures.CreateExtractors();
    private readonly ThreadLocal<PredictionEngine<Row, Output>> _engines;

    private ClassicalModel(MLContext ml, ITransformer model, IReadOnlyList<string> labels, FeatureCache? cache)
    {
        _ml = ml;
        _model = model;
        Labels = labels;
        _cache = cache;
        _engines = new(() => _ml.Model.CreatePredictionEngine<Row, Output>(_model), trackAllValues: true);
    }

    public string Kind => ModelKinds.Classical;
    public IReadOnlyList<string> Labels { get; }
    public IReadOnlyList<EpochRecord> History => [];

    public static FeatureCache? CacheFor(string? cacheFolder) => cacheFolder is null ? null : new FeatureCache(cacheFolder, ClassicalFeatures.Fingerprint);

    /// <summary>Trains on the given tracks. Tracks that cannot be decoded are skipped and added to <paramref name="failures"/>.</summary>
    public static ClassicalModel Train(IReadOnlyList<GenreTrack> train, IReadOnlyList<string> labels, string trainer, int seed, FeatureCache? cache,
        List<DatasetIssue> failures, Action<int>? progress, CancellationToken ct)
    {
        var extractors = ClassicalFeatures.CreateExtractors();
        var rows = new Row?[train.Count];
        var done = 0;
        Parallel.For(0, train.Count, new ParallelOptions { CancellationToken = ct }, i =>
        {
            try { rows[i] = new Row { Features = ClassicalFeatures.ForFile(train[i].Path, cache, extractors, ct), Label = train[i].Label }; }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                lock (failures) failures.Add(new DatasetIssue(train[i].Path, DatasetIssueKind.Unreadable, ex.Message));
            }
            progress?.Invoke(Interlocked.Increment(ref done));
        });
        var usable = rows.OfType<Row>().ToList();
        if (usable.Select(r => r.Label).Distinct().Count() < 2)
            throw new CliException("The classical model needs readable training tracks of at least two genres.");

        var ml = new MLContext(seed);
        var data = ml.Data.LoadFromEnumerable(usable);
        var keys = ml.Data.LoadFromEnumerable(labels.Select(l => new LabelRow { Label = l }));
        IEstimator<ITransformer> learner = trainer switch
        {
            "lightgbm" => ml.MulticlassClassification.Trainers.LightGbm(new Microsoft.ML.Trainers.LightGbm.LightGbmMulticlassTrainer.Options
            {
                MinimumExampleCountPerLeaf = Math.Max(2, usable.Count / 50), NumberOfIterations = 200, LabelColumnName = "Label", FeatureColumnName = "Features", Seed = seed,
            }),
            // A fixed iteration cap: on tiny, separable sets SDCA's automatic stopping can take tens of seconds.
            _ => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(labelColumnName: "Label", featureColumnName: "Features", maximumNumberOfIterations: 100),
        };
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", keyData: keys)
            .Append(ml.Transforms.NormalizeMeanVariance("Features"))
            .Append(learner)
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedGenre", "PredictedLabel"));
        var model = pipeline.Fit(data);
        return new ClassicalModel(ml, model, labels, cache);
    }

    public static ClassicalModel Load(string path, ModelMetadata metadata, FeatureCache? cache)
    {
        var ml = new MLContext();
        ITransformer model;
        try { model = ml.Model.Load(path, out _); }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new CliException($"{path}: the ML.NET model inside cannot be loaded ({ex.Message}).");
        }
        return new ClassicalModel(ml, model, metadata.Labels, cache);
    }

    public TrackPrediction Predict(string path, CancellationToken cancellationToken)
    {
        var features = ClassicalFeatures.ForFile(path, _cache, _extractors, cancellationToken);
        var output = _engines.Value!.Predict(new Row { Features = features, Label = Labels[0] });
        return new TrackPrediction(path, output.Score, []);
    }

    public void Save(string path, ModelMetadata metadata)
    {
        var schema = _ml.Data.LoadFromEnumerable(Array.Empty<Row>()).Schema;
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        _ml.Model.Save(_model, schema, path);
        metadata.WriteInto(path);
    }

    public void Dispose()
    {
        foreach (var engine in _engines.Values) engine.Dispose();
        _engines.Dispose();
        _extractors.Dispose();
    }

    internal sealed class Row
    {
        [VectorType(ClassicalFeatures.Length)] public float[] Features { get; set; } = [];
        public string Label { get; set; } = "";
    }

    private sealed class LabelRow
    {
        public string Label { get; set; } = "";
    }

    internal sealed class Output
    {
        public float[] Score { get; set; } = [];
        public string PredictedGenre { get; set; } = "";
    }
}
