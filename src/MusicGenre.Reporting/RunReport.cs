using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using MusicGenre.Evaluation;
using MusicGenre.IO;

namespace MusicGenre.Reporting;

/// <summary>
/// Writes a run's report folder: <c>report.md</c>, <c>metrics.json</c>, <c>confusion_matrix.png</c>,
/// <c>training_curves.png</c> (when there is a history) and <c>accuracy_comparison.png</c> (when there is a comparison).
/// </summary>
public static class RunReport
{
    /// <summary>File names written in the report folder.</summary>
    public static class FileNames
    {
        /// <summary>The Markdown report.</summary>
        public const string Markdown = "report.md";

        /// <summary>The metrics, machine-readable.</summary>
        public const string Json = "metrics.json";

        /// <summary>Confusion matrix heatmap.</summary>
        public const string Confusion = "confusion_matrix.png";

        /// <summary>Accuracy and loss per epoch.</summary>
        public const string TrainingCurves = "training_curves.png";

        /// <summary>Models side by side.</summary>
        public const string Comparison = "accuracy_comparison.png";
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Writes the report folder (created if needed; each file atomically) and returns the paths written.</summary>
    /// <param name="folder">Destination folder.</param>
    /// <param name="run">The run.</param>
    /// <exception cref="FileWriteException">A file could not be written (disk full, read-only, permission denied...); files already there are unchanged.</exception>
    public static IReadOnlyList<string> Write(string folder, EvaluationRun run)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentNullException.ThrowIfNull(run);
        var written = new List<string>();

        if (run.TrackMetrics is { } metrics)
        {
            var confusion = Path.Combine(folder, FileNames.Confusion);
            ConfusionMatrixPlot.Save(metrics.Confusion, confusion, $"{run.Model} on {run.Dataset} ({run.Split}): test tracks");
            written.Add(confusion);
        }
        if (run.History.Count > 0)
        {
            var curves = Path.Combine(folder, FileNames.TrainingCurves);
            TrainingCurvesPlot.Save(run.History, curves, run.Model);
            written.Add(curves);
        }
        if (run.Comparison.Count > 0)
        {
            var comparison = Path.Combine(folder, FileNames.Comparison);
            AccuracyComparisonPlot.Save(run.Comparison, comparison, $"Test accuracy on {run.Dataset} (track level)");
            written.Add(comparison);
        }

        var json = Path.Combine(folder, FileNames.Json);
        AtomicFile.WriteAllText(json, ToJson(run));
        written.Add(json);
        var md = Path.Combine(folder, FileNames.Markdown);
        AtomicFile.WriteAllText(md, ToMarkdown(run, written.Select(Path.GetFileName).OfType<string>().ToList()));
        written.Add(md);
        return written;
    }

    /// <summary>The metrics as JSON (snake_case keys).</summary>
    /// <param name="run">The run.</param>
    public static string ToJson(EvaluationRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var dto = new
        {
            run.Model,
            run.Dataset,
            run.Split,
            run.TrainingSeconds,
            run.Settings,
            Track = run.TrackMetrics is null ? null : Metrics(run.TrackMetrics),
            Window = run.WindowMetrics is null ? null : Metrics(run.WindowMetrics),
            History = run.History,
            Comparison = run.Comparison.Select(c => new { c.Model, c.Accuracies, Mean = c.Summary.Mean, Std = c.Summary.Std, Runs = c.Summary.Count }),
            run.Problems,
        };
        return JsonSerializer.Serialize(dto, JsonOptions);
    }

    private static object Metrics(GenreMetrics m) => new
    {
        m.Count,
        m.Accuracy,
        m.MacroPrecision,
        m.MacroRecall,
        m.MacroF1,
        m.LogLoss,
        Labels = m.Confusion.Labels,
        PerGenre = m.PerGenre,
        ConfusionMatrix = m.Confusion.ToArray(),
    };

    /// <summary>The report as Markdown.</summary>
    /// <param name="run">The run.</param>
    /// <param name="images">Image files to link (relative to the report).</param>
    public static string ToMarkdown(EvaluationRun run, IReadOnlyList<string>? images = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(inv, $"# {run.Model} on {run.Dataset}");
        sb.AppendLine();
        if (run.Dataset.Contains("synthetic", StringComparison.OrdinalIgnoreCase))
            sb.AppendLine("> The **synthetic** dataset is generated by MusicGenre (artificial classes, not real music); its accuracy says nothing about real genres.\n");
        sb.AppendLine(inv, $"- split: {run.Split}");
        var track = run.TrackMetrics;
        if (track is null)
        {
            sb.AppendLine("- test tracks: 0 (not evaluated: the model was trained on every track)");
        }
        else
        {
            sb.AppendLine(inv, $"- test tracks: {track.Count}");
            sb.AppendLine(inv, $"- **track-level accuracy: {100 * track.Accuracy:0.0} %** (macro F1 {track.MacroF1:0.000})");
        }
        if (run.WindowMetrics is { } w)
            sb.AppendLine(inv, $"- window-level accuracy: {100 * w.Accuracy:0.0} % over {w.Count} windows");
        if (run.TrainingSeconds > 0) sb.AppendLine(inv, $"- training time: {run.TrainingSeconds:0.0} s");
        foreach (var (k, v) in run.Settings) sb.AppendLine(inv, $"- {k}: {v}");
        sb.AppendLine();

        if (track is not null) AppendTestMetrics(sb, track);

        if (run.Comparison.Count > 0)
        {
            sb.AppendLine("## Models compared (track-level test accuracy, mean ± std over runs)");
            sb.AppendLine();
            sb.AppendLine("| model | accuracy | runs |");
            sb.AppendLine("| --- | ---: | ---: |");
            foreach (var c in run.Comparison)
                sb.AppendLine(inv, $"| {c.Model} | {c.Summary.ToPercentString()} | {c.Summary.Count} |");
            sb.AppendLine();
        }

        if (run.History.Count > 0)
        {
            sb.AppendLine("## Training history");
            sb.AppendLine();
            sb.AppendLine("| epoch | train loss | train acc | valid loss | valid acc | seconds |");
            sb.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (var h in run.History)
                sb.AppendLine(inv, $"| {h.Epoch} | {h.TrainLoss:0.0000} | {h.TrainAccuracy:0.000} | {h.ValidationLoss?.ToString("0.0000", inv) ?? "-"} | {h.ValidationAccuracy?.ToString("0.000", inv) ?? "-"} | {h.Seconds:0.0} |");
            sb.AppendLine();
        }

        if (images is { Count: > 0 })
        {
            sb.AppendLine("## Plots");
            sb.AppendLine();
            foreach (var image in images.Where(i => i.EndsWith(".png", StringComparison.OrdinalIgnoreCase)))
                sb.AppendLine(inv, $"![{Path.GetFileNameWithoutExtension(image)}]({image})");
            sb.AppendLine();
        }

        if (run.Problems.Count > 0)
        {
            sb.AppendLine("## Files left out");
            sb.AppendLine();
            foreach (var p in run.Problems) sb.AppendLine(inv, $"- {p}");
        }
        return sb.ToString();
    }

    private static void AppendTestMetrics(StringBuilder sb, GenreMetrics track)
    {
        var inv = CultureInfo.InvariantCulture;
        sb.AppendLine("## Per genre (test tracks)");
        sb.AppendLine();
        sb.AppendLine("| genre | precision | recall | F1 | tracks |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var g in track.PerGenre)
            sb.AppendLine(inv, $"| {g.Label} | {g.Precision:0.000} | {g.Recall:0.000} | {g.F1:0.000} | {g.Support} |");
        sb.AppendLine();

        sb.AppendLine("## Confusion matrix (rows: actual, columns: predicted)");
        sb.AppendLine();
        var labels = track.Confusion.Labels;
        sb.AppendLine("| | " + string.Join(" | ", labels) + " |");
        sb.AppendLine("| --- |" + string.Concat(Enumerable.Repeat(" ---: |", labels.Count)));
        var counts = track.Confusion.ToArray();
        for (var a = 0; a < labels.Count; a++)
            sb.AppendLine(inv, $"| **{labels[a]}** | {string.Join(" | ", counts[a])} |");
        sb.AppendLine();
    }
}
