using System.CommandLine;
using MusicGenre.Cli.Modeling;
using MusicGenre.Evaluation;
using Spectre.Console;

namespace MusicGenre.Cli.Commands;

/// <summary><c>musicgenre train --data DIR|CSV --split ... --model ...</c>.</summary>
internal static class TrainCommand
{
    public static Command Create(CliContext context)
    {
        var common = new CommonOptions();
        var model = new Option<string>("--model") { Description = "cnn-lstm | cnn-gru | crnn | classical | musicnn-linear | musicnn-finetune.", DefaultValueFactory = _ => ModelKinds.CnnLstm };
        var output = new Option<string?>("--out") { Description = "Model file to write (default <model>.mgmodel in the report folder)." };
        var report = new Option<string?>("--report") { Description = "Report folder (default runs/train-<model>-<time>)." };
        var command = new Command("train", "Train a genre model on a dataset, evaluate it on the held-out test tracks, write the model, report.md, metrics.json and plots.");
        common.AddDatasetOptions(command);
        common.AddTrainingOptions(command);
        command.Options.Add(model);
        command.Options.Add(output);
        command.Options.Add(report);
        command.SetAction((parse, ct) => Task.Run(() => Run(context, common, parse, ModelKinds.Parse(parse.GetValue(model)!), parse.GetValue(output), parse.GetValue(report), ct), ct));
        return command;
    }

    private static async Task<int> Run(CliContext context, CommonOptions common, ParseResult parse, string kind, string? output, string? reportFolder, CancellationToken ct)
    {
        var console = context.Console;
        var dataset = common.LoadDataset(parse);
        console.MarkupLineInterpolated($"Dataset [bold]{dataset.Name}[/]: {dataset.Tracks.Count} tracks, {dataset.Labels.Count} genres ({string.Join(", ", dataset.Labels)})");
        var splits = common.Splits(parse, dataset);
        reportFolder ??= RunOutput.DefaultReportFolder($"train-{kind}");
        output ??= Path.Combine(reportFolder, $"{kind}.mgmodel");
        var seed = parse.GetValue(common.Seed);
        // k-fold runs are journalled fold by fold: an interrupted cross-validation resumes with the same --report.
        var journal = splits.Count > 1
            ? RunJournal.Open(reportFolder, string.Join(" ", "train", kind, dataset.Name, dataset.Tracks.Count, parse.GetValue(common.Split), seed,
                parse.GetValue(common.Artists) is not null, parse.GetValue(common.ValidFraction), parse.GetValue(common.Epochs), parse.GetValue(common.BatchSize),
                parse.GetValue(common.LearningRate), parse.GetValue(common.NMels), parse.GetValue(common.ClassicalTrainer), parse.GetValue(common.MusicnnMaxPatches)))
            : null;
        if (journal is { Count: > 0 }) console.MarkupLineInterpolated($"Resuming: {journal.Count} finished fold(s) found in {reportFolder}.");
        RunOutput.PrintMusicnnLicense(console, kind);
        var accuracies = new double[splits.Count];
        var bestAccuracy = double.NegativeInfinity;
        TrainingRunner.Outcome? best = null;
        var failures = new List<MusicGenre.Datasets.DatasetIssue>();
        var trainingSeconds = 0.0;
        try
        {
            await Progress.Run(console, report =>
            {
                for (var i = 0; i < splits.Count; i++)
                {
                    if (journal?.Find(kind, seed, i) is { } done)
                    {
                        accuracies[i] = done.Accuracy;
                        bestAccuracy = Math.Max(bestAccuracy, done.Accuracy);
                        continue;
                    }
                    var checkpoint = CheckpointFolder(reportFolder, splits.Count, i);
                    var settings = common.Settings(parse, kind) with { CheckpointFolder = checkpoint, KeepBestOnCancel = true };
                    if (ModelKinds.IsNeural(kind) && File.Exists(Path.Combine(checkpoint, CheckpointFile)))
                        console.MarkupLineInterpolated($"Resuming training from the checkpoint in {checkpoint}.");
                    void Report(string stage, double d, double? total) => report(splits.Count > 1 ? $"fold {i + 1}/{splits.Count} {stage}" : stage, d, total);
                    var outcome = TrainingRunner.Run(dataset, splits[i], settings, Report, line => console.MarkupLineInterpolated($"[grey]{line}[/]"), ct);
                    var accuracy = outcome.Accuracy ?? double.NaN; // NaN: no test tracks (one split only: it is kept)
                    accuracies[i] = accuracy;
                    failures.AddRange(outcome.Failures);
                    trainingSeconds += outcome.Run.TrainingSeconds;
                    if (best is null || accuracy > bestAccuracy)
                    {
                        bestAccuracy = accuracy;
                        best?.Model.Dispose();
                        best = outcome;
                        using (Interruption.HoldExit()) SaveModel(outcome, output); // kept even if a later fold is interrupted
                    }
                    else outcome.Model.Dispose();
                    journal?.Add(new RunJournal.Entry(kind, seed, i, accuracy));
                    DeleteCheckpoint(checkpoint); // the model file now holds this run
                    if (splits.Count > 1) console.MarkupLineInterpolated($"[grey]fold {i + 1}/{splits.Count}: {100 * accuracy:0.0} %[/]");
                }
                return Task.CompletedTask;
            }).ConfigureAwait(false);
        }
        catch (TrainingInterruptedException interrupted)
        {
            // Ctrl-C after a finished epoch: keep the best model so far (unless an earlier fold's is already kept) and say how to resume.
            using (Interruption.HoldExit())
            {
                if (best is null)
                    interrupted.Model.Save(output, new MusicGenre.MLNet.Persistence.GenreModelMetadata
                    {
                        Dataset = dataset.Name, Split = "interrupted before evaluation", Settings = common.Settings(parse, kind).Describe(),
                        TrainedBy = TrainedBy, ToolVersion = TrainingRunner.ToolVersion,
                    });
                var epochs = interrupted.Model.History.Count;
                interrupted.Model.Dispose();
                best?.Model.Dispose();
                CliContext.Line(context.Error, $"[yellow]Interrupted[/] after epoch {epochs}. Best model so far: {Markup.Escape(output)} (not evaluated).");
                CliContext.Line(context.Error, $"The last epoch's checkpoint is in {Markup.Escape(Path.Combine(reportFolder, "checkpoints"))}; run the same command with [bold]--report {Markup.Escape(reportFolder)}[/] to resume from it.");
            }
            return ExitCodes.Cancelled;
        }
        catch (OperationCanceledException) when (journal is not null && ct.IsCancellationRequested)
        {
            best?.Model.Dispose();
            CliContext.Line(context.Error, $"[yellow]Interrupted.[/] {journal.Count} finished fold(s) are kept (best model so far: {Markup.Escape(output)}); run the same command with [bold]--report {Markup.Escape(reportFolder)}[/] to resume.");
            return ExitCodes.Cancelled;
        }

        if (best is null)
        {
            console.MarkupLineInterpolated($"All {splits.Count} folds were already done: track accuracy [green]{MeanStd.Of(accuracies).ToPercentString()}[/]. The best fold's model is {output}.");
            return ExitCodes.Ok;
        }
        var run = splits.Count == 1 ? best.Run : new EvaluationRun
        {
            Model = kind,
            Dataset = best.Run.Dataset,
            Split = $"{splits.Count}-fold cross-validation (report shows the best fold, {best.Run.Split})",
            TrackMetrics = best.Run.TrackMetrics,
            WindowMetrics = best.Run.WindowMetrics,
            History = best.Run.History,
            Settings = best.Run.Settings,
            TrainingSeconds = trainingSeconds,
            Comparison = [new ModelScores(kind, accuracies)],
            Problems = best.Run.Problems,
        };
        RunOutput.PrintMetrics(console, run);
        if (splits.Count > 1)
            console.MarkupLineInterpolated($"Across {splits.Count} folds: track accuracy [green]{MeanStd.Of(accuracies).ToPercentString()}[/]");
        RunOutput.WriteReport(console, reportFolder, run);
        if (best.Evaluation is { Predictions.Count: > 0 } evaluation)
        {
            var sample = evaluation.Predictions[0];
            var actual = dataset.Tracks.FirstOrDefault(t => t.Path == sample.Path)?.Label;
            if (RunOutput.WriteTimeline(best.Model, sample, reportFolder, actual, ct) is { } timeline)
                console.MarkupLineInterpolated($"Spectrogram and genre timeline of a test track: {timeline}");
        }
        console.MarkupLineInterpolated($"Model: [bold]{Path.GetFullPath(output)}[/]");
        console.MarkupLineInterpolated($"Next: [bold]musicgenre predict {output} <file or folder>[/]");
        RunOutput.PrintProblems(console, failures);
        best.Model.Dispose();
        return ExitCodes.Ok;
    }

    private const string CheckpointFile = "checkpoint.json";

    /// <summary>The checkpoint folder of one training run inside the report folder (a subfolder per fold).</summary>
    private static string CheckpointFolder(string reportFolder, int folds, int fold)
        => Path.Combine(reportFolder, "checkpoints", folds > 1 ? $"fold-{fold + 1}" : "run");

    private static void DeleteCheckpoint(string folder)
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        var parent = Path.GetDirectoryName(folder)!;
        if (Directory.Exists(parent) && !Directory.EnumerateFileSystemEntries(parent).Any()) Directory.Delete(parent);
    }

    private const string TrainedBy = "musicgenre train";

    private static void SaveModel(TrainingRunner.Outcome outcome, string path) => outcome.Model.Save(path, outcome.Metadata(TrainedBy));
}
