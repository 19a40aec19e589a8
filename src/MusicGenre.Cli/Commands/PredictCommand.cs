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
        var model = new Argument<string>("model") { Description = "A model file made by 'musicgenre train' or the library's SaveGenreModel." };
        var inputs = new Argument<string[]>("inputs") { Description = "Audio files and/or folders (searched recursively).", Arity = ArgumentArity.OneOrMore };
        var top = new Option<int>("--top") { Description = "How many genres to show per file.", DefaultValueFactory = _ => 3 };
        var windows = new Option<bool>("--windows") { Description = "Also show the genre of every analysis window (the genre timeline)." };
        var json = new Option<bool>("--json") { Description = "Write JSON instead of a table." };
        var csv = new Option<bool>("--csv") { Description = "Write CSV instead of a table." };
        var analysis = new Option<string>("--analysis")
        {
            Description = "How much of each track to analyse: 'whole', or 'excerpts:NxS[,skip:K]' (N excerpts of S seconds spread over the track, skipping up to K s at each end; only they are decoded). A track no longer than the excerpts is analysed whole.",
            DefaultValueFactory = _ => GenreAnalysis.Default.ToString(),
        };
        var common = new CommonOptions();
        var command = new Command("predict", "Predict the genre of audio files; keeps going past unreadable files, lists them at the end and exits with code 3 if any failed.")
        {
            model, inputs, top, windows, json, csv, analysis, common.Cache, common.NoCache,
        };
        command.SetAction((parse, ct) => Task.Run(() => Run(context, parse.GetValue(model)!, parse.GetValue(inputs)!, parse.GetValue(top), parse.GetValue(windows),
            parse.GetValue(json), parse.GetValue(csv), ParseAnalysis(parse.GetValue(analysis)!), ct), ct));
        return command;
    }

    internal static GenreAnalysis ParseAnalysis(string text)
    {
        try
        {
            return GenreAnalysis.Parse(text);
        }
        catch (FormatException e)
        {
            throw new CliException("--analysis: " + e.Message, ExitCodes.Usage);
        }
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

    private static int Run(CliContext context, string modelPath, string[] inputs, int top, bool showWindows, bool json, bool csv, GenreAnalysis analysis, CancellationToken ct)
    {
        var console = context.Console;
        if (json && csv) throw new CliException("Choose one of --json and --csv.", ExitCodes.Usage);
        if (top < 1) throw new CliException($"--top must be at least 1; got {top}.", ExitCodes.Usage);
        var (files, failures) = Expand(inputs);
        if (files.Count == 0 && failures.Count == 0) throw new CliException($"No audio file found in {string.Join(", ", inputs)}.");
        using var predictor = SavedModels.Load(modelPath, new GenrePredictorOptions { Analysis = analysis });
        var musicnn = ModelKinds.IsMusicnn(predictor.Kind);
        if (!json && !csv) RunOutput.PrintMusicnnLicense(console, predictor.Kind);
        else if (csv && musicnn) Console.Error.WriteLine("Uses the pretrained musicnn weights. " + MusicGenre.Models.Musicnn.MusicnnWeights.License);
        top = Math.Min(top, predictor.Genres.Count);

        var order = files.Select((f, i) => (f, i)).ToDictionary(x => x.f, x => x.i, StringComparer.Ordinal);
        var results = new List<GenrePrediction>();
        foreach (var result in predictor.PredictMany(files, ct))
        {
            if (result.Succeeded) results.Add(result);
            else failures.Add(new DatasetIssue(result.Source ?? "", DatasetIssueKind.Unreadable, result.Error!.Message));
        }
        results.Sort((a, b) => order[a.Source!].CompareTo(order[b.Source!]));

        if (json) WriteJson(console, results, failures, top, showWindows, musicnn);
        else if (csv) WriteCsv(console, results, top, showWindows);
        else WriteTable(console, results, top, showWindows);

        return RunOutput.ReportFailures(console, failures, json, csv, "classified");
    }

    private static string Percent(IEnumerable<GenreProbability> scores) => string.Join(", ", scores.Select(t => $"{t.Genre} {100 * t.Probability:0.0}%"));

    private static void WriteTable(IAnsiConsole console, List<GenrePrediction> results, int top, bool windows)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("file", "genre", $"top {top}");
        foreach (var r in results)
            table.AddRow(Markup.Escape(r.Source!), $"[bold]{Markup.Escape(r.Genre)}[/]", Markup.Escape(Percent(r.Scores.Take(top))));
        console.Write(table);
        if (!windows) return;
        foreach (var r in results.Where(r => r.Timeline is { Count: > 0 }))
        {
            console.MarkupLineInterpolated($"[bold]{r.Source}[/] timeline:");
            foreach (var w in r.Timeline!)
                console.MarkupLineInterpolated($"  {w.Start.TotalSeconds,6:0.0}-{w.End.TotalSeconds,6:0.0} s  {w.Genre} ({100 * w.Probability:0.0}%)");
        }
    }

    private static void WriteCsv(IAnsiConsole console, List<GenrePrediction> results, int top, bool windows)
    {
        var inv = CultureInfo.InvariantCulture;
        var header = "path,genre," + string.Join(",", Enumerable.Range(1, top).Select(i => $"genre{i},p{i}")) + (windows ? ",window_start_s,window_end_s" : "");
        console.Profile.Out.Writer.WriteLine(header);
        foreach (var r in results)
        {
            var rows = windows && r.Timeline is { Count: > 0 }
                ? r.Timeline.Select(w => (Scores: w.Scores, Extra: string.Create(inv, $",{w.Start.TotalSeconds:0.###},{w.End.TotalSeconds:0.###}")))
                : [(Scores: r.Scores, Extra: windows ? ",," : "")];
            foreach (var (scores, extra) in rows)
            {
                var best = scores.Take(top).ToList();
                console.Profile.Out.Writer.WriteLine($"{Escape(r.Source!)},{Escape(best[0].Genre)}," + string.Join(",", best.Select(b => string.Create(inv, $"{Escape(b.Genre)},{b.Probability:0.######}"))) + extra);
            }
        }
    }

    private static void WriteJson(IAnsiConsole console, List<GenrePrediction> results, List<DatasetIssue> failures, int top, bool windows, bool musicnn)
    {
        var doc = new
        {
            predictions = results.Select(r => new
            {
                path = r.Source,
                genre = r.Genre,
                top = r.Scores.Take(top).Select(t => new { genre = t.Genre, probability = t.Probability }),
                windows = windows ? r.Timeline?.Select(w => new { start_s = w.Start.TotalSeconds, end_s = w.End.TotalSeconds, genre = w.Genre, probability = w.Probability }) ?? [] : null,
            }),
            failures = failures.Select(f => new { path = f.Path, reason = f.Reason }),
            weights_license = musicnn ? MusicGenre.Models.Musicnn.MusicnnWeights.License : null,
        };
        console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull }));
    }

    /// <summary>A CSV field, quoted when it needs to be.</summary>
    internal static string Escape(string field) => field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;
}
