using Microsoft.ML;
using Microsoft.ML.Data;
using MusicGenre.Audio;
using MusicGenre.Datasets;
using MusicGenre.Evaluation;
using MusicGenre.MLNet;
using MusicGenre.Training;

namespace MusicGenre.Cli.Modeling;

/// <summary>
/// cnn-lstm, cnn-gru, crnn: the library's trainer on the cached log-mel of every track (decoding once per file across
/// runs), then the saved chain composed from the library's public steps: <c>LoadAudio → MelSpectrogram →
/// MapValueToKey → GenreNetwork → MapKeyToValue</c>, computing on the audio what the cache holds.
/// </summary>
internal static class NetworkModelTrainer
{
    public static TrainedModel Train(IReadOnlyList<string> labels, DatasetSplit split, TrainSettings settings, Progress.Report report, Action<string>? log,
        List<DatasetIssue> failures, CancellationToken ct)
    {
        var kind = settings.Kind;
        var features = new LogMelFeatures(settings.NMels, settings.CacheFolder);
        try
        {
            var train = FeatureRows(split.Train, features, failures, n => report($"{kind}: log-mel, training tracks", n, split.Train.Count), ct);
            var valid = split.Valid.Count > 0
                ? FeatureRows(split.Valid, features, failures, n => report($"{kind}: log-mel, validation tracks", n, split.Valid.Count), ct)
                : [];
            if (train.Select(r => r.Label).Distinct().Count() < 2) throw new CliException("Training needs readable tracks of at least two genres.");
            var ml = new MLContext(settings.Seed);
            var toKey = ml.Transforms.Conversion.MapValueToKey("Label", keyData: TrackRow.Keys(ml, labels)).Fit(ml.Data.LoadFromEnumerable(train));
            var trainData = toKey.Transform(ml.Data.LoadFromEnumerable(train));
            var validData = valid.Count > 0 ? toKey.Transform(ml.Data.LoadFromEnumerable(valid)) : null;
            var progress = new Progress.Reporter<GenreTrainingProgress>(p =>
            {
                report($"{kind}: training epochs", p.Epoch, p.Epochs);
                log?.Invoke(TrainingRunner.EpochLine(kind, p.Epoch, p.Epochs, p.TrainLoss, p.TrainAccuracy, p.ValidationLoss, p.ValidationAccuracy, p.Elapsed, p.IsBest));
            });
            report($"{kind}: training epochs", 0, settings.Epochs);
            var network = ml.MulticlassClassification.Trainers.GenreNetwork(settings.ToTrainerOptions(features.Options), progress, ct).Fit(trainData, validData);
            var toValue = ml.Transforms.Conversion.MapKeyToValue("PredictedGenre", "PredictedLabel").Fit(network.Transform(trainData));
            var front = ml.Transforms.LoadAudio("Samples", nameof(TrackRow.Path), new AudioLoadOptions { SampleRate = features.Options.SampleRate })
                .Append(ml.Transforms.MelSpectrogram("Features", "Samples", new MelSpectrogramTransformOptions { Mel = features.Options.Clone() }))
                .Append(ml.Transforms.DropColumns("Samples"))
                .Fit(ml.Data.LoadFromEnumerable(Array.Empty<TrackRow>()));
            var chain = new TransformerChain<ITransformer>([.. front, toKey, network, toValue]);
            // From the trainer's history, not the progress reports: a resumed run reports only its new epochs.
            var history = network.TrainingHistory
                .Select(p => new EpochRecord(p.Epoch, p.TrainLoss, p.TrainAccuracy, p.ValidationLoss, p.ValidationAccuracy, p.Elapsed.TotalSeconds)).ToList();
            return new TrainedModel(kind, ml, chain, TrackRow.Schema(ml), history, features);
        }
        catch
        {
            features.Dispose();
            throw;
        }
    }

    /// <summary>Computes (or reads cached) log-mel features of the tracks in parallel; unreadable tracks go to <paramref name="failures"/>.</summary>
    public static List<SpectrogramRow> FeatureRows(IReadOnlyList<GenreTrack> tracks, LogMelFeatures features, List<DatasetIssue> failures, Action<int>? progress, CancellationToken ct)
    {
        var rows = new SpectrogramRow?[tracks.Count];
        var done = 0;
        Parallel.For(0, tracks.Count, new ParallelOptions { CancellationToken = ct }, i =>
        {
            try { rows[i] = new SpectrogramRow { Features = features.For(tracks[i].Path, ct).Values, Label = tracks[i].Label }; }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                lock (failures) failures.Add(new DatasetIssue(tracks[i].Path, DatasetIssueKind.Unreadable, ex.Message));
            }
            progress?.Invoke(Interlocked.Increment(ref done));
        });
        return rows.OfType<SpectrogramRow>().ToList();
    }
}
