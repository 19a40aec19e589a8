using System.CommandLine;
using MusicGenre.Cli.Modeling;
using MusicGenre.Datasets;
using MusicGenre.Evaluation;

namespace MusicGenre.Cli.Commands;

/// <summary><c>musicgenre evaluate MODEL --data DIR|CSV [--split ...]</c>.</summary>
internal static class EvaluateCommand
{
    public static Command Create(CliContext context)
    {
        var common = new CommonOptions();
        var model = new Argument<string>("model") { Description = "A model file made by 'musicgenre train' or the library's SaveGenreModel." };
        var part = new Option<string>("--part") { Description = "all (every track of --data) or test (the test part of --split).", DefaultValueFactory = _ => "all" };
        var report = new Option<string?>("--report") { Description = "Report folder (default runs/evaluate-<time>)." };
        var command = new Command("evaluate", "Evaluate a saved model on a labelled dataset: accuracy, per-genre precision/recall/F1, confusion matrix, report and plots.")
        {
            model, part, report, common.Cache, common.NoCache,
        };
        common.AddDatasetOptions(command);
        command.SetAction((parse, ct) => Task.Run(() => Run(context, common, parse, parse.GetValue(model)!, parse.GetValue(part)!, parse.GetValue(report), ct), ct));
        return command;
    }

    private static async Task<int> Run(CliContext context, CommonOptions common, ParseResult parse, string modelPath, string part, string? reportFolder, CancellationToken ct)
    {
        var console = context.Console;
        using var predictor = SavedModels.Load(modelPath);
        RunOutput.PrintMusicnnLicense(console, predictor.Kind);
        var labels = predictor.Genres.Order(StringComparer.Ordinal).ToList();
        var dataset = common.LoadDataset(parse);
        IReadOnlyList<GenreTrack> tracks;
        string splitName;
        switch (part)
        {
            case "all": tracks = dataset.Tracks; splitName = "all tracks"; break;
            case "test":
                var split = common.Splits(parse, dataset)[0];
                tracks = split.Test; splitName = split.Name + ", test part"; break;
            default: throw new CliException($"--part: '{part}' is not all or test.", ExitCodes.Usage);
        }
        ModelEvaluator.Result result = null!;
        await Progress.Run(console, report =>
        {
            result = ModelEvaluator.Evaluate(predictor, labels, tracks, n => report("evaluating", n, tracks.Count), ct);
            return Task.CompletedTask;
        }).ConfigureAwait(false);
        var run = new EvaluationRun
        {
            Model = predictor.Kind, Dataset = dataset.Name, Split = splitName, TrackMetrics = result.Track, WindowMetrics = result.Window,
            Settings = new Dictionary<string, string> { ["model file"] = Path.GetFullPath(modelPath) },
            Problems = dataset.Issues.Concat(result.Failures).Select(i => i.ToString()).ToList(),
        };
        RunOutput.PrintMetrics(console, run);
        RunOutput.WriteReport(console, reportFolder ?? RunOutput.DefaultReportFolder("evaluate"), run);
        RunOutput.PrintProblems(console, result.Failures);
        return result.Failures.Count > 0 ? ExitCodes.SomeFailed : ExitCodes.Ok;
    }
}
