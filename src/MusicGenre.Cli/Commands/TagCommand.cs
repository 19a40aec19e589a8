using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MusicGenre.Cli.Modeling;
using MusicGenre.Datasets;
using MusicGenre.Models.Musicnn;
using Spectre.Console;

namespace MusicGenre.Cli.Commands;

/// <summary><c>musicgenre tag FILE|DIR... [--top 5] [--timeline] [--json|--csv]</c>: musicnn's 50 MSD tags.</summary>
internal static class TagCommand
{
    public static Command Create(CliContext context)
    {
        var inputs = new Argument<string[]>("inputs") { Description = "Audio files and/or folders (searched recursively).", Arity = ArgumentArity.OneOrMore };
        var top = new Option<int>("--top") { Description = "How many tags to show per file (of 50).", DefaultValueFactory = _ => 5 };
        var timeline = new Option<bool>("--timeline") { Description = "Also show the top tags of every 3 s patch (musicnn's taggram)." };
        var format = new OutputFormatOptions();
        var common = new CommonOptions();
        var command = new Command("tag", "Tag music with the 50 Million Song Dataset tags of the pretrained musicnn network (genres, moods, decades, instruments), as musicnn's own tagger; keeps going past unreadable files and exits with code 3 if any failed.")
        {
            inputs, top, timeline, common.MusicnnWeights, common.MusicnnCache, common.MusicnnUrl,
        };
        format.AddTo(command);
        command.SetAction((parse, ct) => Task.Run(() => Run(context, parse.GetValue(inputs)!, parse.GetValue(top), parse.GetValue(timeline), format.Parse(parse),
            new TrainSettings { Kind = ModelKinds.MusicnnLinear, MusicnnWeights = parse.GetValue(common.MusicnnWeights), MusicnnCache = parse.GetValue(common.MusicnnCache), MusicnnUrl = parse.GetValue(common.MusicnnUrl) }, ct), ct));
        return command;
    }

    private static int Run(CliContext context, string[] inputs, int top, bool showTimeline, OutputFormat format, TrainSettings weights, CancellationToken ct)
    {
        if (top < 1) throw new CliException($"--top must be at least 1; got {top}.", ExitCodes.Usage);
        top = Math.Min(top, MusicnnTagNames.Count);
        var (files, failures) = PredictCommand.Expand(inputs);
        if (files.Count == 0 && failures.Count == 0) throw new CliException($"No audio file found in {string.Join(", ", inputs)}.");
        var path = MusicnnModelTrainer.EnsureWeights(weights, (_, _, _) => { }, ct);
        if (format != OutputFormat.Json) // JSON carries it as weights_license
            context.NotesFor(format).MarkupLineInterpolated($"[grey]Uses the pretrained musicnn weights. {MusicnnWeights.License}[/]");

        using var tagger = MusicnnTagger.FromWeights(path);
        // Decoding and features run on two threads; the network takes one batch at a time on all cores.
        var outcomes = files.AsParallel().AsOrdered().WithDegreeOfParallelism(Math.Min(2, Environment.ProcessorCount)).WithCancellation(ct)
            .Select(file => TagOrError(tagger, file, ct)).ToList();
        var results = outcomes.Where(o => o.Result is not null).Select(o => o.Result!).ToList();
        failures.AddRange(outcomes.Where(o => o.Error is not null).Select(o => o.Error!));

        switch (format)
        {
            case OutputFormat.Json: WriteJson(context.Data, results, failures, top, showTimeline); break;
            case OutputFormat.Csv: WriteCsv(context.Data, results, top, showTimeline); break;
            default: WriteTable(context.Console, results, top, showTimeline); break;
        }
        context.Data.Flush();
        if (failures.Count == 0) return ExitCodes.Ok;
        CliContext.Line(context.Error, $"[red]{failures.Count} file(s) could not be tagged:[/]");
        foreach (var f in failures) CliContext.Line(context.Error, $"  [red]-[/] {Markup.Escape(f.Path)}: {Markup.Escape(f.Reason)}");
        return ExitCodes.SomeFailed;
    }

    private static (MusicnnTagResult? Result, DatasetIssue? Error) TagOrError(MusicnnTagger tagger, string file, CancellationToken ct)
    {
        try
        {
            return (tagger.Tag(file, ct), null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (null, new DatasetIssue(file, DatasetIssueKind.Unreadable, e.Message));
        }
    }

    private static string Scores(IEnumerable<MusicnnTagScore> tags) => string.Join(", ", tags.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Tag} {t.Score:0.000}")));

    private static void WriteTable(IAnsiConsole console, List<MusicnnTagResult> results, int top, bool timeline)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("file", $"top {top} tags (score 0-1)");
        foreach (var r in results) table.AddRow(Markup.Escape(r.Source!), Markup.Escape(Scores(r.Top(top))));
        console.Write(table);
        if (!timeline) return;
        foreach (var r in results)
        {
            console.MarkupLineInterpolated($"[bold]{r.Source}[/] timeline:");
            foreach (var p in r.Timeline)
                console.MarkupLineInterpolated($"  {p.Start.TotalSeconds,6:0.0}-{p.End.TotalSeconds,6:0.0} s  {Scores(p.Tags.Take(top))}");
        }
    }

    private static void WriteCsv(TextWriter writer, List<MusicnnTagResult> results, int top, bool timeline)
    {
        var inv = CultureInfo.InvariantCulture;
        writer.WriteLine("path," + string.Join(",", Enumerable.Range(1, top).Select(i => $"tag{i},score{i}")) + (timeline ? ",patch_start_s,patch_end_s" : ""));
        foreach (var r in results)
        {
            var rows = timeline
                ? r.Timeline.Select(p => (Tags: p.Tags, Extra: string.Create(inv, $",{p.Start.TotalSeconds:0.###},{p.End.TotalSeconds:0.###}")))
                : [(Tags: r.Tags, Extra: "")];
            foreach (var (tags, extra) in rows)
                writer.WriteLine(PredictCommand.Escape(r.Source!) + "," + string.Join(",", tags.Take(top).Select(t => string.Create(inv, $"{PredictCommand.Escape(t.Tag)},{t.Score:0.######}"))) + extra);
        }
    }

    private static void WriteJson(TextWriter writer, List<MusicnnTagResult> results, List<DatasetIssue> failures, int top, bool timeline)
    {
        var doc = new
        {
            tags = results.Select(r => new
            {
                path = r.Source,
                duration_s = r.Duration.TotalSeconds,
                top = r.Top(top).Select(t => new { tag = t.Tag, score = t.Score }),
                timeline = timeline ? r.Timeline.Select(p => new { start_s = p.Start.TotalSeconds, end_s = p.End.TotalSeconds, top = p.Tags.Take(top).Select(t => new { tag = t.Tag, score = t.Score }) }) : null,
            }),
            failures = failures.Select(f => new { path = f.Path, reason = f.Reason }),
            weights_license = MusicnnWeights.License,
        };
        writer.WriteLine(JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull }));
    }
}
