using System.CommandLine;
using System.Globalization;
using MusicGenre.Cli.Modeling;
using MusicGenre.Evaluation;
using MusicGenre.Reporting;
using Spectre.Console;

namespace MusicGenre.Cli.Commands;

/// <summary><c>musicgenre compare --models cnn-lstm,cnn-gru,crnn,classical --data ... [--seeds N]</c>.</summary>
internal static class CompareCommand
{
    public static Command Create(CliContext context)
    {
        var common = new CommonOptions();
        var models = new Option<string>("--models") { Description = "Comma-separated models to compare.", DefaultValueFactory = _ => "cnn-lstm,cnn-gru,crnn,classical" };
        var seeds = new Option<int>("--seeds") { Description = "Repeat with this many seeds (seed, seed+1, ...) for mean ± std; with a random split the split changes with the seed.", DefaultValueFactory = _ => 1 };
        var report = new Option<string?>("--report") { Description = "Report folder (default runs/compare-<time>)." };
        var command = new Command("compare", "Train and test several models on the same split(s): a table and the accuracy_comparison plot (mean ± std over folds or seeds).")
        {
            models, seeds, report,
        };
        common.AddDatasetOptions(command);
        common.AddTrainingOptions(command);
        command.SetAction((parse, ct) => Task.Run(() => Run(context, common, parse, ModelKinds.ParseList(parse.GetValue(models)!), parse.GetValue(seeds), parse.GetValue(report), ct), ct));
        return command;
    }

    private static void SaveBest(string reportFolder, TrainingRunner.Outcome outcome)
        => outcome.Model.Save(Path.Combine(reportFolder, outcome.Run.Model, outcome.Run.Model + ".mgmodel"), outcome.Metadata("musicgenre compare"));

    private static async Task<int> Run(CliContext context, CommonOptions common, ParseResult parse, IReadOnlyList<string> kinds, int seeds, string? reportFolder, CancellationToken ct)
    {
        var console = context.Console;
        if (seeds < 1) throw new CliException($"--seeds must be at least 1; got {seeds}.", ExitCodes.Usage);
        var dataset = common.LoadDataset(parse);
        var baseSeed = parse.GetValue(common.Seed);
        reportFolder ??= RunOutput.DefaultReportFolder("compare");
        var signature = string.Join(" ", dataset.Name, dataset.Tracks.Count, parse.GetValue(common.Split), parse.GetValue(common.SplitLists), parse.GetValue(common.Artists) is not null,
            parse.GetValue(common.ValidFraction), parse.GetValue(common.TestFraction), parse.GetValue(common.Epochs), parse.GetValue(common.BatchSize),
            parse.GetValue(common.LearningRate), parse.GetValue(common.NMels), parse.GetValue(common.ClassicalTrainer), parse.GetValue(common.MusicnnMaxPatches));
        var journal = RunJournal.Open(reportFolder, signature);
        if (journal.Count > 0)
            console.MarkupLineInterpolated($"Resuming: {journal.Count} finished run(s) found in {Path.Combine(reportFolder, RunJournal.FileName)}.");
        RunOutput.PrintMusicnnLicense(console, kinds);
        var accuracies = kinds.ToDictionary(k => k, _ => new List<double>());
        var best = new Dictionary<string, TrainingRunner.Outcome>();
        try
        {
        await Progress.Run(console, report =>
        {
            for (var s = 0; s < seeds; s++)
            {
                var seed = baseSeed + s;
                var splits = common.Splits(parse, dataset, seed);
                for (var f = 0; f < splits.Count; f++)
                    foreach (var kind in kinds)
                    {
                        var prefix = (seeds > 1 ? $"seed {seed} " : "") + (splits.Count > 1 ? $"fold {f + 1}/{splits.Count} " : "");
                        if (journal.Find(kind, seed, f) is { } done)
                        {
                            accuracies[kind].Add(done.Accuracy);
                            continue;
                        }
                        var outcome = TrainingRunner.Run(dataset, splits[f], common.Settings(parse, kind, seed), (st, d, t) => report(prefix + st, d, t), null, ct);
                        var accuracy = outcome.Accuracy ?? throw new CliException($"{prefix}{kind}: the split has no test tracks, so there is nothing to compare; raise --test-fraction.");
                        accuracies[kind].Add(accuracy);
                        journal.Add(new RunJournal.Entry(kind, seed, f, accuracy));
                        console.MarkupLineInterpolated($"[grey]{prefix}{kind}: {100 * accuracy:0.0} %[/]");
                        if (!best.TryGetValue(kind, out var b) || accuracy > b.Accuracy)
                        {
                            b?.Model.Dispose();
                            best[kind] = outcome;
                            using (Interruption.HoldExit()) SaveBest(reportFolder, outcome); // kept even if the comparison is interrupted later
                        }
                        else outcome.Model.Dispose();
                    }
            }
            return Task.CompletedTask;
        }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            foreach (var b in best.Values) b.Model.Dispose();
            CliContext.Line(context.Error, $"[yellow]Interrupted.[/] {journal.Count} finished run(s) are kept in {Markup.Escape(Path.GetFullPath(reportFolder))}; run the same command with [bold]--report {Markup.Escape(reportFolder)}[/] to resume.");
            return ExitCodes.Cancelled;
        }

        var scores = kinds.Select(k => new ModelScores(k, accuracies[k])).ToList();
        var table = new Table().Border(TableBorder.Rounded).AddColumns("model", "track accuracy (mean ± std)", "runs");
        foreach (var s in scores) table.AddRow(s.Model, s.Summary.ToPercentString(), s.Summary.Count.ToString(CultureInfo.InvariantCulture));
        console.Write(table);

        foreach (var kind in kinds)
        {
            if (!best.ContainsKey(kind)) continue; // all of its runs were done in an earlier, resumed session
            var run = best[kind].Run;
            RunReport.Write(Path.Combine(reportFolder, kind), new EvaluationRun
            {
                Model = run.Model, Dataset = run.Dataset, Split = run.Split + " (best run)", TrackMetrics = run.TrackMetrics, WindowMetrics = run.WindowMetrics,
                History = run.History, Settings = run.Settings, TrainingSeconds = run.TrainingSeconds, Problems = run.Problems, Comparison = scores,
            });
            best[kind].Model.Dispose();
        }
        AccuracyComparisonPlot.Save(scores, Path.Combine(reportFolder, RunReport.FileNames.Comparison), $"Test accuracy on {dataset.Name} (track level)");
        console.MarkupLineInterpolated($"Comparison plot: {Path.GetFullPath(Path.Combine(reportFolder, RunReport.FileNames.Comparison))}; per-model reports in {Path.GetFullPath(reportFolder)}/<model>/");
        return ExitCodes.Ok;
    }
}
