using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MusicGenre.Orleans.Batch;
using MusicGenre.Orleans.Cluster;
using MusicGenre.Orleans.Results;
using Orleans;
using Orleans.Hosting;
using Spectre.Console;

namespace MusicGenre.Cli.Commands;

/// <summary><c>musicgenre batch (--cluster redis://host:port | --dev) --input DIR|MANIFEST.csv --out RESULTS.csv [--parquet]</c>.</summary>
internal static class BatchCommand
{
    public static Command Create(CliContext context)
    {
        var cluster = new ClusterOptions();
        var input = new Option<string>("--input") { Description = "The tracks: a folder (searched recursively for audio files) or a CSV manifest whose first column is the path. Every silo must read them at the same paths.", Required = true };
        var output = new Option<string>("--out") { Description = "The results CSV, one row per track. If it exists, the run resumes: tracks already in it are skipped.", Required = true };
        var parquet = new Option<bool>("--parquet") { Description = "When every track has a row, also write the results as Parquet beside the CSV (RESULTS.parquet)." };
        var gatewayPort = new Option<int>("--gateway-port") { Description = "With --dev: the silo's gateway port.", DefaultValueFactory = _ => GenreClusterMembership.DefaultGatewayPort };
        var maxAttempts = new Option<int>("--max-attempts") { Description = "Silos that may fail while holding one track before it is written with an error.", DefaultValueFactory = _ => new GenreBatchOptions().MaxAttempts };
        var trackTimeout = new Option<double>("--track-timeout") { Description = "Seconds one track may take, queue included, before its silo is suspected.", DefaultValueFactory = _ => new GenreBatchOptions().TrackTimeout.TotalSeconds };
        var noSiloTimeout = new Option<double>("--no-silo-timeout") { Description = "Seconds to wait with no silo serving the model before giving up (the output stays; run again to resume).", DefaultValueFactory = _ => new GenreBatchOptions().NoSiloTimeout.TotalSeconds };
        var inFlight = new Option<int>("--in-flight") { Description = "Calls in flight per silo worker.", DefaultValueFactory = _ => new GenreBatchOptions().InFlightPerWorker };
        var progressEvery = new Option<double>("--progress-every") { Description = "Seconds between progress lines.", DefaultValueFactory = _ => 5 };
        var command = new Command("batch", "Classify a catalogue on a genre cluster: shards the tracks over the silos, retries on another silo the tracks of a silo that fails, shows progress, and writes every track exactly once to --out (resumable).")
        {
            input, output, parquet, gatewayPort, maxAttempts, trackTimeout, noSiloTimeout, inFlight, progressEvery,
        };
        cluster.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            var options = new GenreBatchOptions
            {
                MaxAttempts = parse.GetValue(maxAttempts),
                TrackTimeout = Seconds(parse.GetValue(trackTimeout), "--track-timeout"),
                NoSiloTimeout = Seconds(parse.GetValue(noSiloTimeout), "--no-silo-timeout"),
                InFlightPerWorker = parse.GetValue(inFlight),
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentException e)
            {
                throw new CliException(e.Message, ExitCodes.Usage);
            }
            return RunAsync(context, cluster.Membership(parse, parse.GetValue(gatewayPort)), parse.GetValue(input)!, parse.GetValue(output)!, parse.GetValue(parquet),
                options, Seconds(parse.GetValue(progressEvery), "--progress-every"), ct);
        });
        return command;
    }

    private static TimeSpan Seconds(double value, string option)
        => value > 0 && double.IsFinite(value) ? TimeSpan.FromSeconds(value) : throw new CliException($"{option} must be a positive number of seconds; got {value}.", ExitCodes.Usage);

    private static async Task<int> RunAsync(CliContext context, GenreClusterMembership membership, string input, string outPath, bool parquet,
        GenreBatchOptions options, TimeSpan progressEvery, CancellationToken ct)
    {
        var console = context.Console;
        IReadOnlyList<string> tracks;
        try
        {
            tracks = GenreBatchInput.Read(input);
        }
        catch (GenreBatchException e)
        {
            throw new CliException(e.Message);
        }
        if (tracks.Count == 0) throw new CliException($"No audio file found in {input}.");
        using var output = Open(outPath);
        if (output.DroppedBytes > 0) console.MarkupLineInterpolated($"[yellow]{output.Path}: dropped a torn last row ({output.DroppedBytes} bytes) left by a run that was killed.[/]");
        if (output.Completed.Count > 0) console.MarkupLineInterpolated($"Resuming: {output.Completed.Count} track(s) already in {output.Path} are skipped.");

        var builder = ClusterHost.CreateBuilder(LogLevel.Error);
        var connectDeadline = DateTime.UtcNow + options.NoSiloTimeout;
        builder.UseOrleansClient(client => client
            .UseGenreCluster(membership, options.TrackTimeout)
            .UseConnectionRetryFilter(async (_, token) =>
            {
                // No gateway yet (silos still starting): keep trying until --no-silo-timeout.
                await Task.Delay(TimeSpan.FromSeconds(1), token).ConfigureAwait(false);
                return DateTime.UtcNow < connectDeadline;
            }));
        using var host = builder.Build();
        console.MarkupLineInterpolated($"Connecting to cluster {membership}; {tracks.Count} track(s) from {input}.");
        await ClusterHost.StartAsync(host, $"Could not connect to the cluster {membership}", ct).ConfigureAwait(false);
        var client = host.Services.GetRequiredService<IClusterClient>();
        options.ProgressInterval = progressEvery;
        var progress = new Progress.Reporter<GenreBatchProgress>(p => Print(console, p));
        GenreBatchSummary summary;
        try
        {
            summary = await GenreBatch.RunAsync(client, tracks, output, options, progress, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            console.MarkupLineInterpolated($"[yellow]Stopped.[/] {output.Completed.Count} row(s) are in {output.Path}; run the same command to resume.");
            return ExitCodes.Cancelled;
        }
        catch (GenreBatchException e)
        {
            throw new CliException(e.Message);
        }
        finally
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await host.StopAsync(stopping.Token).ConfigureAwait(false);
        }

        console.MarkupLineInterpolated($"Done: {summary.Done} track(s) in {summary.Elapsed.TotalSeconds:0.0} s ({summary.TracksPerSecond:0.00} tracks/s), {summary.Failed} with an error, {summary.Skipped} skipped (already done), {summary.Retried} moved to another silo; model {summary.Model}.");
        if (summary.SilosUsed.Count > 0)
            console.MarkupLineInterpolated($"Silos: {string.Join(", ", summary.SilosUsed.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key} {s.Value}"))}.");
        if (summary.DuplicateInputs > 0) console.MarkupLineInterpolated($"{summary.DuplicateInputs} path(s) appeared more than once in the input; each has one row.");
        console.MarkupLineInterpolated($"Results: {output.Path} ({output.Completed.Count} rows).");
        if (parquet)
        {
            var parquetPath = BatchResultParquet.PathFor(output.Path);
            await BatchResultParquet.WriteAsync(parquetPath, output.ReadRows(), ct).ConfigureAwait(false);
            console.MarkupLineInterpolated($"Parquet: {parquetPath}.");
        }
        if (output.Failed > 0)
        {
            console.MarkupLineInterpolated($"[red]{output.Failed} track(s) could not be classified[/]: their rows carry the error.");
            return ExitCodes.SomeFailed;
        }
        return ExitCodes.Ok;
    }

    private static BatchResultFile Open(string path)
    {
        try
        {
            return BatchResultFile.Open(path);
        }
        catch (GenreBatchException e)
        {
            throw new CliException(e.Message);
        }
    }

    private static void Print(IAnsiConsole console, GenreBatchProgress p)
    {
        foreach (var e in p.Events) console.MarkupLineInterpolated($"  {e}");
        var percent = p.Total > 0 ? 100.0 * p.Completed / p.Total : 100;
        var eta = p.Remaining is { } r ? Duration(r) : "?";
        console.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"{DateTime.Now:HH:mm:ss} {p.Completed}/{p.Total} ({percent:0.0} %), {p.TracksPerSecond:0.00} tracks/s, ETA {eta}, {p.Failed} failed, {p.Retried} retried, {p.Silos} silo(s)");
    }

    private static string Duration(TimeSpan t) => t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:00}m" : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes}m{t.Seconds:00}s" : $"{t.Seconds}s";
}
