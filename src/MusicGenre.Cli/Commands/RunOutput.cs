using System.Globalization;
using MusicGenre.Cli.Modeling;
using MusicGenre.Datasets;
using MusicGenre.Evaluation;
using MusicGenre.Reporting;
using Spectre.Console;

namespace MusicGenre.Cli.Commands;

/// <summary>Printing and report-writing shared by train, evaluate, compare and demo.</summary>
internal static class RunOutput
{
    public static string DefaultReportFolder(string what) => Path.Combine("runs", $"{what}-{DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");

    public static void PrintMetrics(IAnsiConsole console, EvaluationRun run)
    {
        if (run.TrackMetrics is not { } m)
        {
            console.MarkupLineInterpolated($"[bold]{run.Model}[/] on [bold]{run.Dataset}[/] ({run.Split}): [yellow]not evaluated[/]: there are no test tracks, so the model is trained on every track (for deployment).");
            return;
        }
        var window = run.WindowMetrics is { } w ? string.Create(CultureInfo.InvariantCulture, $", window accuracy {100 * w.Accuracy:0.0} %") : "";
        console.MarkupLineInterpolated($"[bold]{run.Model}[/] on [bold]{run.Dataset}[/] ({run.Split}): track accuracy [green]{100 * m.Accuracy:0.0} %[/] over {m.Count} test tracks, macro F1 {m.MacroF1:0.000}{window}");
        var table = new Table().Border(TableBorder.Rounded).AddColumns("genre", "precision", "recall", "F1", "tracks");
        foreach (var g in m.PerGenre)
            table.AddRow(Markup.Escape(g.Label), g.Precision.ToString("0.000", CultureInfo.InvariantCulture), g.Recall.ToString("0.000", CultureInfo.InvariantCulture),
                g.F1.ToString("0.000", CultureInfo.InvariantCulture), g.Support.ToString(CultureInfo.InvariantCulture));
        console.Write(table);
    }

    /// <summary>Shows the licence of the pretrained musicnn weights when any of <paramref name="kinds"/> uses them.</summary>
    public static void PrintMusicnnLicense(IAnsiConsole console, params IEnumerable<string> kinds)
    {
        if (kinds.Any(ModelKinds.IsMusicnn))
            console.MarkupLineInterpolated($"[grey]Uses the pretrained musicnn weights. {MusicGenre.Models.Musicnn.MusicnnWeights.License}[/]");
    }

    public static void PrintProblems(IAnsiConsole console, IReadOnlyCollection<DatasetIssue> issues, int max = 20)
    {
        if (issues.Count == 0) return;
        console.MarkupLineInterpolated($"[yellow]{issues.Count} file(s) left out:[/]");
        foreach (var issue in issues.Take(max)) console.MarkupLineInterpolated($"  [yellow]-[/] {issue}");
        if (issues.Count > max) console.MarkupLineInterpolated($"  ... and {issues.Count - max} more (see report.md)");
    }

    public static void WriteReport(IAnsiConsole console, string folder, EvaluationRun run)
    {
        RunReport.Write(folder, run);
        console.MarkupLineInterpolated($"Report: [link]{Path.GetFullPath(Path.Combine(folder, RunReport.FileNames.Markdown))}[/] (+ metrics.json and plots)");
    }

    /// <summary>Writes a spectrogram + genre timeline plot for one predicted track of a network model.</summary>
    public static string? WriteTimeline(TrainedModel model, TrackPrediction prediction, string folder, string? actual, CancellationToken ct)
    {
        if (model.Spectrograms is not { } spectrograms || prediction.Windows.Count == 0) return null;
        var features = spectrograms.For(prediction.Path, ct);
        var name = TrackId.Of(prediction.Path);
        var path = Path.Combine(folder, $"timeline_{name}.png");
        SpectrogramTimelinePlot.Save(features.Values, features.Rows, spectrograms.SecondsPerFrame, prediction.Windows, model.Labels, path,
            $"{name}: predicted {model.Labels[prediction.TopIndex]}" + (actual is null ? "" : $" (actual {actual})"));
        return path;
    }
}
