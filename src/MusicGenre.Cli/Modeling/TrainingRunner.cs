using MusicGenre.Datasets;
using MusicGenre.Evaluation;
using MusicGenre.MLNet.Persistence;

namespace MusicGenre.Cli.Modeling;

/// <summary>Trains one model on one split and evaluates it on the split's test part (shared by train, compare and demo).</summary>
internal static class TrainingRunner
{
    /// <summary>What one run gives: the model, its evaluation on the test part (null when the split has no test tracks), the report's run.</summary>
    public sealed record Outcome(TrainedModel Model, ModelEvaluator.Result? Evaluation, EvaluationRun Run, IReadOnlyList<DatasetIssue> Failures, int TrainingTracks)
    {
        /// <summary>Track-level test accuracy, or null when the model was not evaluated.</summary>
        public double? Accuracy => Evaluation?.Track.Accuracy;

        /// <summary>What the tool stores in the model file about this run.</summary>
        public GenreModelMetadata Metadata(string trainedBy)
        {
            var metrics = new Dictionary<string, double> { [GenreModelMetadata.TrainingTracks] = TrainingTracks };
            if (Accuracy is { } accuracy) metrics[GenreModelMetadata.TestAccuracy] = accuracy;
            return new GenreModelMetadata
            {
                Dataset = Run.Dataset, Split = Run.Split, Metrics = metrics, Settings = Run.Settings, TrainedBy = trainedBy, ToolVersion = ToolVersion,
            };
        }
    }

    /// <summary>The tool's version, as model files record it.</summary>
    public static string ToolVersion { get; } = typeof(TrainingRunner).Assembly.GetName().Version?.ToString(3) ?? "?";

    public static Outcome Run(GenreDataset dataset, DatasetSplit split, TrainSettings settings, Progress.Report report, Action<string>? log, CancellationToken ct)
    {
        var failures = new List<DatasetIssue>();
        var started = System.Diagnostics.Stopwatch.StartNew();
        var tag = settings.Kind;
        if (split.Train.Count == 0) throw new CliException($"The split '{split.Name}' has no training tracks.");
        TrainedModel model;
        if (ModelKinds.IsNeural(settings.Kind))
        {
            model = NetworkModelTrainer.Train(dataset.Labels, split, settings, report, log, failures, ct);
            if (settings.KeepBestOnCancel && ct.IsCancellationRequested) throw new TrainingInterruptedException(model, ct);
        }
        else if (ModelKinds.IsMusicnn(settings.Kind))
        {
            model = MusicnnModelTrainer.Train(split.Train, split.Valid, settings, report, log, failures, ct);
        }
        else
        {
            model = ClassicalModelTrainer.Train(dataset.Labels, split.Train, settings, failures, n => report($"{tag}: features, training tracks", n, split.Train.Count), ct);
        }
        var trainingSeconds = started.Elapsed.TotalSeconds;
        ModelEvaluator.Result? evaluation = null;
        try
        {
            if (split.Test.Count > 0)
            {
                evaluation = ModelEvaluator.Evaluate(model, split.Test, n => report($"{tag}: evaluating test tracks", n, split.Test.Count), ct);
                failures.AddRange(evaluation.Failures);
            }
            else
            {
                log?.Invoke($"{tag}: no test tracks in this split; the model is trained on {split.Train.Count + split.Valid.Count} tracks and not evaluated.");
            }
        }
        catch
        {
            model.Dispose();
            throw;
        }

        var settingsTable = new Dictionary<string, string>(settings.Describe())
        {
            ["tracks (train / valid / test)"] = $"{split.Train.Count} / {split.Valid.Count} / {split.Test.Count}",
        };
        var run = new EvaluationRun
        {
            Model = settings.Kind,
            Dataset = dataset.Name,
            Split = split.Name,
            TrackMetrics = evaluation?.Track,
            WindowMetrics = evaluation?.Window,
            History = model.History,
            Settings = settingsTable,
            TrainingSeconds = trainingSeconds,
            Problems = dataset.Issues.Concat(failures).Select(i => i.ToString()).Concat(Summarise(split.Issues)).ToList(),
        };
        return new Outcome(model, evaluation, run, failures, split.Train.Count);
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
