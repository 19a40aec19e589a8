using Microsoft.ML;
using Microsoft.ML.Data;
using MusicGenre.Audio;
using MusicGenre.Datasets;
using MusicGenre.MLNet;

namespace MusicGenre.Cli.Modeling;

/// <summary>
/// classical: the library's <see cref="ClassicalGenrePipeline"/> head (normalisation + SdcaMaximumEntropy or LightGBM)
/// trained on the cached summary features of every track, then the saved chain composed from public steps:
/// <c>LoadAudio → SummaryFeatures → MapValueToKey → NormalizeMeanVariance → trainer → MapKeyToValue</c>.
/// </summary>
internal static class ClassicalModelTrainer
{
    public static TrainedModel Train(IReadOnlyList<string> labels, IReadOnlyList<GenreTrack> train, TrainSettings settings, List<DatasetIssue> failures,
        Action<int>? progress, CancellationToken ct)
    {
        var cache = ClassicalFeatures.CacheFor(settings.CacheFolder);
        var extractors = ClassicalFeatures.CreateExtractors();
        var rows = new SummaryRow?[train.Count];
        var done = 0;
        Parallel.For(0, train.Count, new ParallelOptions { CancellationToken = ct }, i =>
        {
            try { rows[i] = new SummaryRow { Features = ClassicalFeatures.ForFile(train[i].Path, cache, extractors, ct), Label = train[i].Label }; }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                lock (failures) failures.Add(new DatasetIssue(train[i].Path, DatasetIssueKind.Unreadable, ex.Message));
            }
            progress?.Invoke(Interlocked.Increment(ref done));
        });
        extractors.Dispose();
        var usable = rows.OfType<SummaryRow>().ToList();
        if (usable.Select(r => r.Label).Distinct().Count() < 2)
            throw new CliException("The classical model needs readable training tracks of at least two genres.");

        var ml = new MLContext(settings.Seed);
        IEstimator<ITransformer>? trainer = settings.ClassicalTrainer == "lightgbm"
            ? ml.MulticlassClassification.Trainers.LightGbm(new Microsoft.ML.Trainers.LightGbm.LightGbmMulticlassTrainer.Options
            {
                MinimumExampleCountPerLeaf = Math.Max(2, usable.Count / 50), NumberOfIterations = 200, LabelColumnName = "Label",
                FeatureColumnName = ClassicalGenrePipeline.NormalizedFeaturesColumn, Seed = settings.Seed,
            })
            : null;
        var head = ClassicalGenrePipeline.CreateHead(ml, "Features", "Label", trainer, keyData: TrackRow.Keys(ml, labels))
            .Fit(ml.Data.LoadFromEnumerable(usable));
        var front = ml.Transforms.LoadAudio("Samples", nameof(TrackRow.Path), new AudioLoadOptions { SampleRate = ClassicalFeatures.Options.SampleRate })
            .Append(ml.Transforms.SummaryFeatures("Features", "Samples", ClassicalFeatures.Options))
            .Append(ml.Transforms.DropColumns("Samples"))
            .Fit(ml.Data.LoadFromEnumerable(Array.Empty<TrackRow>()));
        return new TrainedModel(settings.Kind, ml, new TransformerChain<ITransformer>([.. front, .. (IEnumerable<ITransformer>)head]), TrackRow.Schema(ml), []);
    }
}
