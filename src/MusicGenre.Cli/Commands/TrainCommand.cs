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
        var model = new Option<string>("--model") { Description = "cnn-lstm | cnn-gru | crnn | classical.", DefaultValueFactory = _ => ModelKinds.CnnLstm };
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
        var outcomes = new List<TrainingRunner.Outcome>();
        await Progress.Run(console, report =>
        {
            for (var i = 0; i < splits.Count; i++)
            {
                var settings = common.Settings(parse, kind);
                void Report(string stage, double done, double? total) => report(splits.Count > 1 ? $"fold {i + 1}/{splits.Count} {stage}" : stage, done, total);
                outcomes.Add(TrainingRunner.Run(dataset, splits[i], settings, Report, line => console.MarkupLineInterpolated($"[grey]{line}[/]"), ct));
            }
            return Task.CompletedTask;
        }).ConfigureAwait(false);

        var best = outcomes.MaxBy(o => o.Run.TrackMetrics.Accuracy)!;
        var run = outcomes.Count == 1 ? best.Run : new EvaluationRun
        {
            Model = kind,
            Dataset = best.Run.Dataset,
            Split = $"{splits.Count}-fold cross-validation (report shows the best fold, {best.Run.Split})",
            TrackMetrics = best.Run.TrackMetrics,
            WindowMetrics = best.Run.WindowMetrics,
            History = best.Run.History,
            Settings = best.Run.Settings,
            TrainingSeconds = outcomes.Sum(o => o.Run.TrainingSeconds),
            Comparison = [new ModelScores(kind, outcomes.Select(o => o.Run.TrackMetrics.Accuracy).ToList())],
            Problems = best.Run.Problems,
        };
        RunOutput.PrintMetrics(console, run);
        if (outcomes.Count > 1)
            console.MarkupLineInterpolated($"Across {outcomes.Count} folds: track accuracy [green]{MeanStd.Of(outcomes.Select(o => o.Run.TrackMetrics.Accuracy)).ToPercentString()}[/]");
        RunOutput.WriteReport(console, reportFolder, run);
        if (best.Evaluation.Predictions.Count > 0)
        {
            var sample = best.Evaluation.Predictions[0];
            var actual = dataset.Tracks.FirstOrDefault(t => t.Path == sample.Path)?.Label;
            if (RunOutput.WriteTimeline(best.Model, sample, reportFolder, actual, ct) is { } timeline)
                console.MarkupLineInterpolated($"Spectrogram and genre timeline of a test track: {timeline}");
        }
        output ??= Path.Combine(reportFolder, $"{kind}.mgmodel");
        best.Model.Save(output, new ModelMetadata
        {
            Kind = kind, Labels = best.Model.Labels, Dataset = dataset.Name, Split = best.Run.Split, TestAccuracy = best.Run.TrackMetrics.Accuracy,
            Settings = best.Run.Settings,
        });
        console.MarkupLineInterpolated($"Model: [bold]{Path.GetFullPath(output)}[/]");
        console.MarkupLineInterpolated($"Next: [bold]musicgenre predict {output} <file or folder>[/]");
        RunOutput.PrintProblems(console, outcomes.SelectMany(o => o.Failures).ToList());
        foreach (var o in outcomes) o.Model.Dispose();
        return ExitCodes.Ok;
    }
}
