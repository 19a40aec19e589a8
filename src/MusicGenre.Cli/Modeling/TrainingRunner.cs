using MusicGenre.Datasets;
using MusicGenre.Evaluation;
using MusicGenre.Training;

namespace MusicGenre.Cli.Modeling;

/// <summary>Trains one model on one split and evaluates it on the split's test part (shared by train, compare and demo).</summary>
internal static class TrainingRunner
{
    public sealed record Outcome(IGenreModel Model, ModelEvaluator.Result Evaluation, EvaluationRun Run, IReadOnlyList<DatasetIssue> Failures);

    public static Outcome Run(GenreDataset dataset, DatasetSplit split, TrainSettings settings, Progress.Report report, Action<string>? log, CancellationToken ct)
    {
        var failures = new List<DatasetIssue>();
        var started = System.Diagnostics.Stopwatch.StartNew();
        IGenreModel model;
        var tag = settings.Kind;
        if (ModelKinds.IsNeural(settings.Kind))
        {
            var features = new LogMelFeatures(settings.NMels, settings.CacheFolder);
            var trainRows = NeuralModel.FeatureRows(split.Train, features, failures, n => report($"{tag}: log-mel, training tracks", n, split.Train.Count), ct);
            var validRows = split.Valid.Count > 0
                ? NeuralModel.FeatureRows(split.Valid, features, failures, n => report($"{tag}: log-mel, validation tracks", n, split.Valid.Count), ct)
                : null;
            var options = settings.ToTrainerOptions(ct);
            options.Progress = new Progress.Reporter<GenreTrainingProgress>(p =>
            {
                report($"{tag}: training epochs", p.Epoch, p.Epochs);
                log?.Invoke(EpochLine(tag, p.Epoch, p.Epochs, p.TrainLoss, p.TrainAccuracy, p.ValidationLoss, p.ValidationAccuracy, p.Elapsed, p.IsBest));
            });
            report($"{tag}: training epochs", 0, settings.Epochs);
            model = NeuralModel.Train(settings.Kind, trainRows, validRows, dataset.Labels, options, features);
            if (settings.KeepBestOnCancel && ct.IsCancellationRequested) throw new TrainingInterruptedException(model, ct);
        }
        else if (ModelKinds.IsMusicnn(settings.Kind))
        {
            model = MusicnnModel.Train(settings.Kind, split.Train, split.Valid, settings, report, log, failures, ct);
        }
        else
        {
            var cache = ClassicalModel.CacheFor(settings.CacheFolder);
            model = ClassicalModel.Train(split.Train, dataset.Labels, settings.ClassicalTrainer, settings.Seed, cache, failures,
                n => report($"{tag}: features, training tracks", n, split.Train.Count), ct);
        }
        var trainingSeconds = started.Elapsed.TotalSeconds;
        var evaluation = ModelEvaluator.Evaluate(model, split.Test, n => report($"{tag}: evaluating test tracks", n, split.Test.Count), ct);
        failures.AddRange(evaluation.Failures);

        var settingsTable = new Dictionary<string, string>(settings.Describe())
        {
            ["tracks (train / valid / test)"] = $"{split.Train.Count} / {split.Valid.Count} / {split.Test.Count}",
        };
        var run = new EvaluationRun
        {
            Model = settings.Kind,
            Dataset = dataset.Name,
            Split = split.Name,
            TrackMetrics = evaluation.Track,
            WindowMetrics = evaluation.Window,
            History = model.History,
            Settings = settingsTable,
            TrainingSeconds = trainingSeconds,
            Problems = dataset.Issues.Concat(failures).Select(i => i.ToString()).Concat(Summarise(split.Issues)).ToList(),
        };
        return new Outcome(model, evaluation, run, failures);
    }

    /// <summary>The line printed after each training epoch (<c>*</c> marks a new best).</summary>
    public static string EpochLine(string tag, int epoch, int epochs, double trainLoss, double trainAccuracy, double? validLoss, double? validAccuracy, TimeSpan elapsed, bool isBest)
    {
        var valid = validLoss is { } vl ? FormattableString.Invariant($", valid loss {vl:0.0000}, valid acc {validAccuracy:0.000}") : "";
        return FormattableString.Invariant($"{tag} epoch {epoch,3}/{epochs}: loss {trainLoss:0.0000}, acc {trainAccuracy:0.000}{valid}, {elapsed.TotalSeconds:0.0} s{(isBest ? " *" : "")}");
    }

    /// <summary>Split-list entries missing from the dataset: listed when few, counted when many (a partial GTZAN copy misses hundreds).</summary>
    private static IEnumerable<string> Summarise(IReadOnlyList<DatasetIssue> splitIssues)
    {
        if (splitIssues.Count <= 10) return splitIssues.Select(i => i.ToString());
        return [$"{splitIssues.Count} entries of the split lists are not in the dataset, e.g. {string.Join("; ", splitIssues.Take(3))}"];
    }
}
