using System.CommandLine;
using MusicGenre.Datasets;
using Spectre.Console;

namespace MusicGenre.Cli.Commands;

/// <summary><c>musicgenre download gtzan [--to DIR] [--archive FILE] [--url URL]</c>.</summary>
internal static class DownloadCommand
{
    public static Command Create(CliContext context)
    {
        var dataset = new Argument<string>("dataset") { Description = "What to download: gtzan (the audio) or gtzan-splits (the fault-filtered and stratified split lists)." };
        dataset.AcceptOnlyFromAmong("gtzan", "gtzan-splits");
        var to = new Option<string>("--to") { Description = "Destination folder.", DefaultValueFactory = _ => "gtzan" };
        var archive = new Option<string?>("--archive") { Description = "Use an already downloaded genres.tar.gz instead of downloading (it is verified, then extracted)." };
        var url = new Option<string?>("--url") { Description = $"Download from this address instead of {GtzanDownloadOptions.Defaults.Url}." };
        var command = new Command("download", "Download a dataset: GTZAN's genres.tar.gz (~1.2 GB) with resume, MD5 check and safe extraction.")
        {
            dataset, to, archive, url,
        };
        command.SetAction((parse, ct) => parse.GetValue(dataset) == "gtzan-splits"
            ? SplitsAsync(context, parse.GetResult(to) is null ? "gtzan-splits" : parse.GetValue(to)!, parse.GetValue(url), ct)
            : RunAsync(context, parse.GetValue(to)!, parse.GetValue(archive), parse.GetValue(url), ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string to, string? archive, string? url, CancellationToken ct)
    {
        var console = context.Console;
        var options = new GtzanDownloadOptions();
        if (url is not null) options.Url = Uri.TryCreate(url, UriKind.Absolute, out var u) ? u : throw new CliException($"--url: '{url}' is not an absolute address.");
        var downloader = new GtzanDownloader(options);
        string genres = "";
        await Progress.Run(console, async report =>
        {
            var progress = new Progress.Reporter<DownloadProgress>(p => report(Describe(p.Stage), p.Bytes, p.TotalBytes));
            genres = archive is null
                ? await downloader.DownloadAsync(to, progress, ct).ConfigureAwait(false)
                : downloader.ExtractArchive(archive, to, progress, ct);
        }).ConfigureAwait(false);

        var ds = GenreDataset.Load(genres);
        console.MarkupLineInterpolated($"[green]GTZAN is ready:[/] {ds.Tracks.Count} tracks in {ds.Labels.Count} genres at {genres}");
        foreach (var issue in ds.Issues) console.MarkupLineInterpolated($"[yellow]note:[/] {issue}");
        if (archive is null && url is null)
        {
            // The official download also fetches the split lists into <to>/splits, where --split fault-filtered finds
            // them without --split-lists. The audio is ready either way, so a failure here is only a warning.
            var lists = Path.Combine(to, CommonOptions.DefaultSplitListFolder);
            try
            {
                await GtzanSplitLists.DownloadAsync(lists, cancellationToken: ct).ConfigureAwait(false);
                console.MarkupLineInterpolated($"[green]Split lists ready[/] in {lists} (fault-filtered 443/197/290, stratified 500/250/250).");
            }
            catch (Exception e) when (e is DownloadException or IOException or HttpRequestException)
            {
                console.MarkupLineInterpolated($"[yellow]The split lists could not be fetched ({e.Message}); later: musicgenre download gtzan-splits --to {lists}[/]");
            }
        }
        else
        {
            console.MarkupLineInterpolated($"Split lists: [bold]musicgenre download gtzan-splits --to {Path.Combine(to, CommonOptions.DefaultSplitListFolder)}[/]");
        }
        console.MarkupLineInterpolated($"Next: [bold]musicgenre compare --data {to} --split fault-filtered --models cnn-lstm,cnn-gru,crnn,classical,musicnn-linear[/]");
        return ExitCodes.Ok;
    }

    private static async Task<int> SplitsAsync(CliContext context, string to, string? url, CancellationToken ct)
    {
        Uri? baseUrl = null;
        if (url is not null) baseUrl = Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var u) ? u : throw new CliException($"--url: '{url}' is not an absolute address.");
        var folder = await GtzanSplitLists.DownloadAsync(to, baseUrl: baseUrl, cancellationToken: ct).ConfigureAwait(false);
        context.Console.MarkupLineInterpolated($"[green]Split lists ready[/] in {folder} (fault-filtered 443/197/290, stratified 500/250/250).");
        context.Console.MarkupLineInterpolated($"Use them with: [bold]--split fault-filtered --split-lists {to}[/]");
        return ExitCodes.Ok;
    }

    private static string Describe(DownloadStage stage) => stage switch
    {
        DownloadStage.Downloading => "Downloading genres.tar.gz",
        DownloadStage.Verifying => "Verifying MD5",
        DownloadStage.Extracting => "Extracting",
        _ => "Done",
    };
}
