using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MusicGenre.Cli.Modeling;
using MusicGenre.Datasets;
using Spectre.Console;

namespace MusicGenre.Cli.Commands;

/// <summary><c>musicgenre predict MODEL FILE|DIR... [--top K] [--windows] [--json|--csv]</c>.</summary>
internal static class PredictCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Argument<string>("model") { Description = "A model file made by 'musicgenre train'." };
        var inputs = new Argument<string[]>("inputs") { Description = "Audio files and/or folders (searched recursively).", Arity = ArgumentArity.OneOrMore };
        var top = new Option<int>("--top") { Description = "How many genres to show per file.", DefaultValueFactory = _ => 3 };
        var windows = new Option<bool>("--windows") { Description = "Also show the genre of every analysis window (the genre timeline)." };
        var json = new Option<bool>("--json") { Description = "Write JSON instead of a table." };
        var csv = new Option<bool>("--csv") { Description = "Write CSV instead of a table." };
        var common = new CommonOptions();
        var command = new Command("predict", "Predict the genre of audio files; keeps going past unreadable files, lists them at the end and exits with code 3 if any failed.")
        {
            model, inputs, top, windows, json, csv, common.Cache, common.NoCache,
        };
        command.SetAction((parse, ct) => Task.Run(() => Run(context, parse.GetValue(model)!, parse.GetValue(inputs)!, parse.GetValue(top), parse.GetValue(windows),
            parse.GetValue(json), parse.GetValue(csv), common.CacheFolder(parse), ct), ct));
        return command;
    }

    private static readonly string[] AudioExtensions = [.. DatasetLoadOptions.Defaults.Extensions];

    internal static (List<string> Files, List<DatasetIssue> Missing) Expand(IEnumerable<string> inputs)
    {
        var files = new List<string>();
        var missing = new List<DatasetIssue>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
                files.AddRange(Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories)
                    .Where(f => AudioExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase) && !Path.GetFileName(f).StartsWith('.'))
                    .Order(StringComparer.Ordinal));
            else if (File.Exists(input)) files.Add(Path.GetFullPath(input));
            else missing.Add(new DatasetIssue(input, DatasetIssueKind.Missing, "no such file or folder."));
        }
        return (files.Distinct().ToList(), missing);
    }

    private static int Run(CliContext context, string modelPath, string[] inputs, int top, bool showWindows, bool json, bool csv, string? cacheFolder, CancellationToken ct)
    {
        var console = context.Console;
        if (json && csv) throw new CliException("Choose one of --json and --csv.", ExitCodes.Usage);
        if (top < 1) throw new CliException($"--top must be at least 1; got {top}.", ExitCodes.Usage);
        var (files, failures) = Expand(inputs);
        if (files.Count == 0 && failures.Count == 0) throw new CliException($"No audio file found in {string.Join(", ", inputs)}.");
        var (model, _) = ModelStore.Load(modelPath, cacheFolder);
        using var _ = model;
        if (!json && !csv) RunOutput.PrintMusicnnLicense(console, model.Kind);
        else if (csv && ModelKinds.IsMusicnn(model.Kind)) Console.Error.WriteLine("Uses the pretrained musicnn weights. " + MusicGenre.Models.Musicnn.MusicnnWeights.License);
        top = Math.Min(top, model.Labels.Count);

        var results = new TrackPrediction?[files.Count];
        Parallel.For(0, files.Count, new ParallelOptions { CancellationToken = ct }, i =>
        {
            try { results[i] = model.Predict(files[i], ct); }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                lock (failures) failures.Add(new DatasetIssue(files[i], DatasetIssueKind.Unreadable, ex.Message));
            }
        });
        var ok = results.OfType<TrackPrediction>().ToList();

        if (json) WriteJson(console, model, ok, failures, top, showWindows);
        else if (csv) WriteCsv(console, model, ok, top, showWindows);
        else WriteTable(console, model, ok, top, showWindows);

        if (failures.Count > 0)
        {
            if (json) return ExitCodes.SomeFailed; // failures are in the JSON
            console.MarkupLineInterpolated($"[red]{failures.Count} file(s) could not be classified:[/]");
            foreach (var f in failures) console.MarkupLineInterpolated($"  [red]-[/] {f.Path}: {f.Reason}");
            return ExitCodes.SomeFailed;
        }
        return ExitCodes.Ok;
    }

    private static IEnumerable<(string Label, float P)> Top(IGenreModel model, IReadOnlyList<float> p, int k)
        => p.Select((v, i) => (model.Labels[i], v)).OrderByDescending(x => x.v).Take(k);

    private static void WriteTable(IAnsiConsole console, IGenreModel model, List<TrackPrediction> results, int top, bool windows)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("file", "genre", $"top {top}");
        foreach (var r in results)
            table.AddRow(Markup.Escape(r.Path), $"[bold]{Markup.Escape(model.Labels[r.TopIndex])}[/]",
                Markup.Escape(string.Join(", ", Top(model, r.Probabilities, top).Select(t => $"{t.Label} {100 * t.P:0.0}%"))));
        console.Write(table);
        if (!windows) return;
        foreach (var r in results.Where(r => r.Windows.Count > 0))
        {
            console.MarkupLineInterpolated($"[bold]{r.Path}[/] timeline:");
            foreach (var w in r.Windows)
                console.MarkupLineInterpolated($"  {w.StartSeconds,6:0.0}-{w.EndSeconds,6:0.0} s  {model.Labels[w.TopIndex]} ({100 * w.Probabilities[w.TopIndex]:0.0}%)");
        }
    }

    private static void WriteCsv(IAnsiConsole console, IGenreModel model, List<TrackPrediction> results, int top, bool windows)
    {
        var inv = CultureInfo.InvariantCulture;
        var header = "path,genre," + string.Join(",", Enumerable.Range(1, top).Select(i => $"genre{i},p{i}")) + (windows ? ",window_start_s,window_end_s" : "");
        console.Profile.Out.Writer.WriteLine(header);
        foreach (var r in results)
        {
            var rows = windows && r.Windows.Count > 0
                ? r.Windows.Select(w => (Probs: (IReadOnlyList<float>)w.Probabilities, Extra: string.Create(inv, $",{w.StartSeconds:0.###},{w.EndSeconds:0.###}")))
                : [(Probs: (IReadOnlyList<float>)r.Probabilities, Extra: windows ? ",," : "")];
            foreach (var (probs, extra) in rows)
            {
                var best = Top(model, probs, top).ToList();
                console.Profile.Out.Writer.WriteLine($"{Escape(r.Path)},{Escape(best[0].Label)}," + string.Join(",", best.Select(b => string.Create(inv, $"{Escape(b.Label)},{b.P:0.######}"))) + extra);
            }
        }
    }

    private static void WriteJson(IAnsiConsole console, IGenreModel model, List<TrackPrediction> results, List<DatasetIssue> failures, int top, bool windows)
    {
        var doc = new
        {
            predictions = results.Select(r => new
            {
                path = r.Path,
                genre = model.Labels[r.TopIndex],
                top = Top(model, r.Probabilities, top).Select(t => new { genre = t.Label, probability = t.P }),
                windows = windows ? r.Windows.Select(w => new { start_s = w.StartSeconds, end_s = w.EndSeconds, genre = model.Labels[w.TopIndex], probability = w.Probabilities[w.TopIndex] }) : null,
            }),
            failures = failures.Select(f => new { path = f.Path, reason = f.Reason }),
            weights_license = ModelKinds.IsMusicnn(model.Kind) ? MusicGenre.Models.Musicnn.MusicnnWeights.License : null,
        };
        console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull }));
    }

    private static string Escape(string field) => field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;
}
