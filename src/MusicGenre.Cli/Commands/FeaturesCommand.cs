using System.CommandLine;
using MusicGenre.Cli.Modeling;
using MusicGenre.Datasets;
using Spectre.Console;

namespace MusicGenre.Cli.Commands;

/// <summary><c>musicgenre features --data DIR</c>: precompute and cache log-mel (and classical summary) features.</summary>
internal static class FeaturesCommand
{
    public static Command Create(CliContext context)
    {
        var common = new CommonOptions();
        var classical = new Option<bool>("--classical") { Description = "Also cache the classical baseline's summary features." };
        var command = new Command("features", "Precompute the log-mel features of a dataset into the cache (keyed by file content and feature options), so training skips decoding.")
        {
            common.Data, common.NMels, common.Cache, classical, common.Artists,
        };
        command.SetAction((parse, ct) => Task.Run(() => Run(context, common, parse, parse.GetValue(classical), ct), ct));
        return command;
    }

    private static async Task<int> Run(CliContext context, CommonOptions common, ParseResult parse, bool classical, CancellationToken ct)
    {
        var console = context.Console;
        var dataset = common.LoadDataset(parse);
        var folder = parse.GetValue(common.Cache) ?? FeatureCache.DefaultFolder;
        using var features = new LogMelFeatures(parse.GetValue(common.NMels), folder);
        var failures = new List<DatasetIssue>();
        var started = System.Diagnostics.Stopwatch.StartNew();
        await Progress.Run(console, report =>
        {
            NetworkModelTrainer.FeatureRows(dataset.Tracks, features, failures, n => report("log-mel features", n, dataset.Tracks.Count), ct);
            if (classical)
            {
                var cache = ClassicalFeatures.CacheFor(folder)!;
                var extractors = ClassicalFeatures.CreateExtractors();
                var done = 0;
                Parallel.ForEach(dataset.Tracks, new ParallelOptions { CancellationToken = ct }, t =>
                {
                    try { ClassicalFeatures.ForFile(t.Path, cache, extractors, ct); }
                    catch (Exception ex) when (ex is not OperationCanceledException) { /* reported by the log-mel pass */ _ = ex; }
                    report("summary features", Interlocked.Increment(ref done), dataset.Tracks.Count);
                });
            }
            return Task.CompletedTask;
        }).ConfigureAwait(false);
        var cacheStats = features.Cache!;
        console.MarkupLineInterpolated($"{dataset.Tracks.Count - failures.Count} tracks ready in {started.Elapsed.TotalSeconds:0.0} s: {cacheStats.Hits} from the cache, {cacheStats.Misses} decoded. Cache: {cacheStats.Folder}");
        RunOutput.PrintProblems(console, [.. dataset.Issues, .. failures]);
        return failures.Count > 0 ? ExitCodes.SomeFailed : ExitCodes.Ok;
    }
}
