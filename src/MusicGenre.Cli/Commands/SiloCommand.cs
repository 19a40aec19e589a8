using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MusicGenre.Orleans.Cluster;
using MusicGenre.Orleans.Silo;
using Orleans.Configuration;
using Spectre.Console;

namespace MusicGenre.Cli.Commands;

/// <summary><c>musicgenre silo --model FILE (--cluster redis://host:port | --dev) [--silo-port P] [--gateway-port G] ...</c>.</summary>
internal static class SiloCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model") { Description = "The model file to serve (any kind; loaded once, before the silo joins).", Required = true };
        var cluster = new ClusterOptions();
        var siloPort = new Option<int>("--silo-port") { Description = "Port for the other silos.", DefaultValueFactory = _ => GenreClusterMembership.DefaultSiloPort };
        var gatewayPort = new Option<int>("--gateway-port") { Description = "Port for clients (musicgenre batch).", DefaultValueFactory = _ => GenreClusterMembership.DefaultGatewayPort };
        var address = new Option<string?>("--address") { Description = "The address the silo gives the others (default: 127.0.0.1 when the cluster is on this machine, else this machine's first IPv4 address)." };
        var name = new Option<string?>("--name") { Description = "The silo's name, shown in the results' silo column (default: HOST-SILOPORT)." };
        var workers = new Option<int?>("--workers") { Description = "Tracks classified at once (default: one per processor)." };
        var device = new Option<string>("--device") { Description = "cpu, cuda or auto.", DefaultValueFactory = _ => "auto" };
        var kubernetes = new Option<bool>("--kubernetes") { Description = "Running in a Kubernetes pod: take name, address, ports and cluster id from the pod (Microsoft.Orleans.Hosting.Kubernetes; see docs/scale.md). Needs a Redis --cluster." };
        var verbose = new Option<bool>("--verbose") { Description = "Show Orleans' informational logs too." };
        var command = new Command("silo", "Run a silo of a genre cluster: loads the model once and classifies the tracks that 'musicgenre batch' sends it, as many at once as it has workers. Runs until Ctrl-C or SIGTERM.")
        {
            model, siloPort, gatewayPort, address, name, workers, device, kubernetes, verbose,
        };
        cluster.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            var settings = new Settings(parse.GetValue(model)!, cluster.Membership(parse, parse.GetValue(gatewayPort)), parse.GetValue(siloPort), parse.GetValue(gatewayPort),
                parse.GetValue(address), parse.GetValue(name), parse.GetValue(workers), CommonOptions.ParseDevice(parse.GetValue(device)!), parse.GetValue(kubernetes), parse.GetValue(verbose));
            return RunAsync(context, settings, ct);
        });
        return command;
    }

    private sealed record Settings(string Model, GenreClusterMembership Membership, int SiloPort, int GatewayPort, string? Address, string? Name, int? Workers,
        Torch.ComputeDevice Device, bool Kubernetes, bool Verbose);

    private static async Task<int> RunAsync(CliContext context, Settings s, CancellationToken ct)
    {
        var console = context.Console;
        if (!File.Exists(s.Model)) throw new CliException($"Model file not found: {s.Model}");
        foreach (var (port, option) in new[] { (s.SiloPort, "--silo-port"), (s.GatewayPort, "--gateway-port") })
            if (port is < 1 or > 65535) throw new CliException($"{option} must be 1..65535; got {port}.", ExitCodes.Usage);
        if (s.SiloPort == s.GatewayPort) throw new CliException("--silo-port and --gateway-port must differ.", ExitCodes.Usage);
        if (s.Workers is < 1 or > 1024) throw new CliException($"--workers must be 1..1024; got {s.Workers}.", ExitCodes.Usage);
        if (s.Kubernetes && s.Membership.Kind != GenreClusterKind.Redis) throw new CliException("--kubernetes needs a Redis membership: --cluster redis://host:port.", ExitCodes.Usage);
        var advertised = AdvertisedAddress(s);
        var name = s.Name ?? $"{Environment.MachineName}-{s.SiloPort}";

        var builder = ClusterHost.CreateBuilder(s.Verbose ? LogLevel.Information : LogLevel.Warning);
        builder.Logging.AddFilter("MusicGenre", LogLevel.Information);
        // Its warnings are start-up notes (server GC); its errors stay.
        if (!s.Verbose) builder.Logging.AddFilter("Orleans.Runtime.Silo", LogLevel.Error);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.UseOrleans(silo =>
        {
            silo.UseGenreCluster(s.Membership, new GenreSiloEndpoints(advertised, s.SiloPort, s.GatewayPort), s.Kubernetes);
            if (!s.Kubernetes) silo.Configure<SiloOptions>(o => o.SiloName = name);
            silo.AddGenreClassifier(new GenreSiloOptions { ModelPath = s.Model, Workers = s.Workers, Predictor = new GenrePredictorOptions { Device = s.Device } });
        });
        using var host = builder.Build();
        console.MarkupLineInterpolated($"Starting silo [bold]{name}[/] on {advertised}:{s.SiloPort} (gateway {s.GatewayPort}), cluster {s.Membership}; loading {s.Model}...");
        await ClusterHost.StartAsync(host, "The silo did not start", ct).ConfigureAwait(false);
        var info = host.Services.GetGenreSiloInfo();
        console.MarkupLineInterpolated($"Silo [bold]{info.Silo}[/] is up: {info.Model}, {info.Genres.Count} genres, {info.Workers} tracks at once. Ctrl-C or SIGTERM stops it.");
        try
        {
            await host.WaitForShutdownAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C: stop below
        }
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await host.StopAsync(stopping.Token).ConfigureAwait(false);
        console.MarkupLineInterpolated($"Silo {info.Silo} stopped.");
        return ExitCodes.Ok;
    }

    private static IPAddress AdvertisedAddress(Settings s)
    {
        if (s.Address is { } text)
            return IPAddress.TryParse(text, out var parsed) ? parsed : throw new CliException($"--address '{text}' is not an IP address.", ExitCodes.Usage);
        if (s.Membership.IsLocal) return IPAddress.Loopback;
        return Dns.GetHostAddresses(Dns.GetHostName()).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a)) ?? IPAddress.Loopback;
    }
}
