using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MusicGenre.Cli.Modeling;
using MusicGenre.Datasets;
using Spectre.Console;

namespace MusicGenre.Cli.Commands;

/// <summary><c>musicgenre predict MODEL FILE|DIR... [--top K] [--windows] [--analysis A] [--json|--csv]</c>.</summary>
internal static class PredictCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Argument<string>("model") { Description = "A model file made by 'musicgenre train' or the library's SaveGenreModel." };
        var inputs = new Argument<string[]>("inputs") { Description = "Audio files and/or folders (searched recursively).", Arity = ArgumentArity.OneOrMore };
        var top = new Option<int>("--top") { Description = "How many genres to show per file.", DefaultValueFactory = _ => 3 };
        var windows = new Option<bool>("--windows") { Description = "Also show the genre of every analysis window (the genre timeline)." };
        var analysis = new Option<string>("--analysis")
        {
            Description = "How much of each track to analyse: 'whole', or 'excerpts:NxS[,skip:K]' (N excerpts of S seconds spread over the track, skipping K s at each end; only they are decoded). A track no longer than the excerpts and both skips is analysed whole.",
            DefaultValueFactory = _ => GenreAnalysis.Default.ToString(),
        };
        var format = new OutputFormatOptions();
        var common = new CommonOptions();
        var command = new Command("predict", "Predict the genre of audio files; keeps going past unreadable files, lists them on standard error and exits with code 3 if any failed; Ctrl-C prints the results so far and exits with 130.")
        {
            model, inputs, top, windows, analysis, common.Cache, common.NoCache,
        };
        format.AddTo(command);
        command.SetAction((parse, ct) => Task.Run(() => Run(context, parse.GetValue(model)!, parse.GetValue(inputs)!, parse.GetValue(top), parse.GetValue(windows),
            format.Parse(parse), ParseAnalysis(parse.GetValue(analysis)!), ct), ct));
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

    /// <summary>
    /// The files to classify: named files as given, folders searched recursively for audio files. A folder entry of
    /// 0 bytes is a failure without being opened (an empty file, or a pipe or device that could block the reader).
    /// </summary>
    internal static (List<string> Files, List<DatasetIssue> Failures) Expand(IEnumerable<string> inputs)
    {
        var files = new List<string>();
        var failures = new List<DatasetIssue>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                foreach (var file in Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories)
                    .Where(f => AudioExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase) && !Path.GetFileName(f).StartsWith('.'))
                    .Order(StringComparer.Ordinal))
                {
                    if (new FileInfo(file).Length > 0) files.Add(file);
                    else failures.Add(new DatasetIssue(file, DatasetIssueKind.Empty, "the file is empty (0 bytes), or not a regular file."));
                }
            }
            else if (File.Exists(input)) files.Add(Path.GetFullPath(input));
            else failures.Add(new DatasetIssue(input, DatasetIssueKind.Missing, "no such file or folder."));
        }
        return (files.Distinct().ToList(), failures);
    }

    private static int Run(CliContext context, string modelPath, string[] inputs, int top, bool showWindows, OutputFormat format, GenreAnalysis analysis, CancellationToken ct)
    {
        var notes = context.NotesFor(format);
        if (top < 1) throw new CliException($"--top must be at least 1; got {top}.", ExitCodes.Usage);
        var (files, failures) = Expand(inputs);
        if (files.Count == 0 && failures.Count == 0) throw new CliException($"No audio file found in {string.Join(", ", inputs)}.");
        var predictor = SavedModels.Load(modelPath, new GenrePredictorOptions { Analysis = analysis });
        var abandoned = false;
        try
        {
            var musicnn = ModelKinds.IsMusicnn(predictor.Kind);
            if (format != OutputFormat.Json) RunOutput.PrintMusicnnLicense(notes, predictor.Kind); // JSON carries it as weights_license
            top = Math.Min(top, predictor.Genres.Count);

            var run = PartialRun.Collect(() => predictor.PredictMany(files, ct), ct);
            abandoned = run.Abandoned;
            var results = new List<GenrePrediction>();
            foreach (var result in run.Items)
            {
                if (result.Succeeded) results.Add(result);
                else failures.Add(new DatasetIssue(result.Source ?? "", DatasetIssueKind.Unreadable, result.Error!.Message));
            }
            var order = files.Select((f, i) => (f, i)).ToDictionary(x => x.f, x => x.i, StringComparer.Ordinal);
            results.Sort((a, b) => order[a.Source!].CompareTo(order[b.Source!]));
            var answered = run.Items.Select(r => r.Source).ToHashSet(StringComparer.Ordinal);
            var notDone = run.Cancelled ? files.Where(f => !answered.Contains(f)).ToList() : [];

            using (Interruption.HoldExit()) // the results so far are printed even if the process is being ended
            {
                switch (format)
                {
                    case OutputFormat.Json: WriteJson(context.Data, results, failures, top, showWindows, musicnn, run.Cancelled ? notDone : null); break;
                    case OutputFormat.Csv: WriteCsv(context.Data, results, top, showWindows); break;
                    default: WriteTable(context.Console, results, top, showWindows); break;
                }
                context.Data.Flush();
                if (failures.Count > 0)
                {
                    CliContext.Line(context.Error, $"[red]{failures.Count} file(s) could not be classified:[/]");
                    foreach (var f in failures) CliContext.Line(context.Error, $"  [red]-[/] {Markup.Escape(f.Path)}: {Markup.Escape(f.Reason)}");
                }
                if (run.Cancelled)
                {
                    CliContext.Line(context.Error, $"[yellow]Interrupted:[/] {run.Items.Count} of {files.Count} file(s) done; {notDone.Count} not classified:");
                    foreach (var f in notDone) CliContext.Line(context.Error, $"  [yellow]-[/] {Markup.Escape(f)}");
                    return ExitCodes.Cancelled;
                }
            }
            return failures.Count > 0 ? ExitCodes.SomeFailed : ExitCodes.Ok;
        }
        finally
        {
            if (!abandoned) predictor.Dispose(); // else a decoder that did not answer still uses it; the process ends soon
        }
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

    private static void WriteCsv(TextWriter output, List<GenrePrediction> results, int top, bool windows)
    {
        var inv = CultureInfo.InvariantCulture;
        var header = "path,genre," + string.Join(",", Enumerable.Range(1, top).Select(i => $"genre{i},p{i}")) + (windows ? ",window_start_s,window_end_s" : "");
        output.WriteLine(header);
        foreach (var r in results)
        {
            var rows = windows && r.Timeline is { Count: > 0 }
                ? r.Timeline.Select(w => (Scores: w.Scores, Extra: string.Create(inv, $",{w.Start.TotalSeconds:0.###},{w.End.TotalSeconds:0.###}")))
                : [(Scores: r.Scores, Extra: windows ? ",," : "")];
            foreach (var (scores, extra) in rows)
            {
                var best = scores.Take(top).ToList();
                output.WriteLine($"{Escape(r.Source!)},{Escape(best[0].Genre)}," + string.Join(",", best.Select(b => string.Create(inv, $"{Escape(b.Genre)},{b.Probability:0.######}"))) + extra);
            }
        }
    }

    private static void WriteJson(TextWriter output, List<GenrePrediction> results, List<DatasetIssue> failures, int top, bool windows, bool musicnn, List<string>? notDone)
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
            interrupted = notDone is null ? (bool?)null : true,
            not_done = notDone,
        };
        output.WriteLine(JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull }));
    }

    /// <summary>A CSV field, quoted when it needs to be (RFC 4180).</summary>
    internal static string Escape(string field) => field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;
}
