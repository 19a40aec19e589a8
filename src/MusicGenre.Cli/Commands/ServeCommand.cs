using System.CommandLine;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MusicGenre.AspNetCore;
using MusicGenre.Cli.Modeling;
using Spectre.Console;

namespace MusicGenre.Cli.Commands;

/// <summary>
/// <c>musicgenre serve --model FILE [--host 127.0.0.1] [--port 5080] [--max-upload-mb 50] [--concurrency N]</c>: the
/// MusicGenre.AspNetCore endpoints (<c>AddGenrePrediction</c> + <c>MapGenrePrediction("/v1")</c>) on Kestrel until
/// Ctrl-C (or SIGTERM), which lets the requests in flight finish and exits with 0.
/// </summary>
internal static class ServeCommand
{
    /// <summary>How long the requests in flight may take to finish after Ctrl-C.</summary>
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(10);

    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model") { Description = "The model file to serve (made by 'musicgenre train' or the library's SaveGenreModel).", Required = true };
        var host = new Option<string>("--host") { Description = "Address to listen on: an IP address, localhost, or * / 0.0.0.0 for every interface.", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "TCP port (0: any free port, printed at start).", DefaultValueFactory = _ => 5080 };
        var maxUpload = new Option<int>("--max-upload-mb") { Description = "Largest audio upload in MiB; bigger ones get 413.", DefaultValueFactory = _ => GenrePredictionOptions.Defaults.MaxUploadMegabytes };
        var concurrency = new Option<int?>("--concurrency") { Description = "Predictions at once (default: one per processor); the rest wait in the queue." };
        var queue = new Option<int>("--queue-length") { Description = "Requests that may wait beyond --concurrency; more get 503 with Retry-After.", DefaultValueFactory = _ => GenrePredictionOptions.Defaults.QueueLength };
        var timeout = new Option<double>("--timeout") { Description = "Seconds one prediction (decode + classify) may take; past it 503.", DefaultValueFactory = _ => GenrePredictionOptions.Defaults.PredictionTimeout.TotalSeconds };
        var common = new CommonOptions();
        var command = new Command("serve", "Serve genre prediction over HTTP: POST /v1/predict (the audio file as the body or the form field 'file'), GET /v1/model, /healthz, /metrics, and a page at /. Ctrl-C stops it.")
        {
            model, host, port, maxUpload, concurrency, queue, timeout, common.Device,
        };
        command.SetAction((parse, ct) => RunAsync(context, parse.GetValue(model)!, parse.GetValue(host)!, parse.GetValue(port), new GenrePredictionOptions
        {
            MaxUploadMegabytes = parse.GetValue(maxUpload),
            Concurrency = parse.GetValue(concurrency),
            QueueLength = parse.GetValue(queue),
            PredictionTimeout = Seconds(parse.GetValue(timeout)),
            Predictor = new GenrePredictorOptions { Device = CommonOptions.ParseDevice(parse.GetValue(common.Device)!) },
        }, ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string modelPath, string host, int port, GenrePredictionOptions options, CancellationToken ct)
    {
        var console = context.Console;
        if (port is < 0 or > 65535) throw new CliException($"--port must be 0..65535; got {port}.", ExitCodes.Usage);
        var address = ParseHost(host);
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new CliException(e.Message.Replace("Invalid genre prediction options: ", "", StringComparison.Ordinal), ExitCodes.Usage);
        }
        var info = SavedModels.Info(modelPath); // a damaged or foreign file is refused before anything listens

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders()
            .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; })
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Microsoft.AspNetCore.Server.Kestrel", LogLevel.Error); // a client cut off for trickling is the service working, not news
        builder.Services.AddSingleton<IHostLifetime, CommandLineLifetime>(); // Ctrl-C belongs to the command line, which cancels ct
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));
            if (address is null) kestrel.ListenAnyIP(port);
            else if (port != 0 && host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) kestrel.ListenLocalhost(port); // IPv4 and IPv6 loopback
            else kestrel.Listen(address, port);
        });
        builder.Services.AddGenrePrediction(modelPath, options);
        await using var app = builder.Build();
        app.MapGenrePrediction(prefix: "/v1");

        console.MarkupLineInterpolated($"Loading {modelPath}...");
        try
        {
            await app.StartAsync(ct).ConfigureAwait(false);
        }
        catch (IOException e) when (e.InnerException is System.Net.Sockets.SocketException || e.Message.Contains("bind", StringComparison.OrdinalIgnoreCase))
        {
            throw new CliException($"Cannot listen on {host}:{port}: {e.Message}");
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            console.MarkupLine("Stopped before the model was loaded.");
            return ExitCodes.Cancelled;
        }
        var urls = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        RunOutput.PrintMusicnnLicense(console, info.Kind);
        console.MarkupLineInterpolated($"Serving the {info.Kind} model ({info.Genres.Count} genres) from {Path.GetFileName(modelPath)}: at most {options.EffectiveConcurrency} predictions at once, {options.QueueLength} waiting, uploads up to {options.MaxUploadMegabytes} MiB.");
        foreach (var url in urls) console.MarkupLineInterpolated($"Listening on {url}");
        console.MarkupLine("Page /, POST /v1/predict, GET /v1/model, /healthz, /metrics. Press Ctrl-C to stop.");

        try
        {
            await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C or SIGTERM
        }
        console.MarkupLine("Stopping: letting the requests in flight finish...");
        using (Interruption.HoldExit()) // past the signal's grace period, the process still waits for the drain (at most 10 s)
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        console.MarkupLine("Stopped.");
        return ExitCodes.Ok;
    }

    private static IPAddress? ParseHost(string host)
    {
        if (host is "*" or "0.0.0.0" or "+") return null;
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return IPAddress.Loopback;
        if (IPAddress.TryParse(host, out var address)) return address;
        throw new CliException($"--host must be an IP address, localhost, or * for every interface; got '{host}'.", ExitCodes.Usage);
    }

    private static TimeSpan Seconds(double seconds)
        => double.IsFinite(seconds) && seconds > 0 && seconds <= 86_400 ? TimeSpan.FromSeconds(seconds) : throw new CliException($"--timeout must be more than 0 and at most 86400 seconds; got {seconds}.", ExitCodes.Usage);

    /// <summary>A host lifetime that leaves the process's signals to the command line (whose Ctrl-C cancels the command).</summary>
    private sealed class CommandLineLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
