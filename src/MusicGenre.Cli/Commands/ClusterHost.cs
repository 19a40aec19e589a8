using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MusicGenre.Cli.Commands;

/// <summary>The generic host of <c>silo</c> and <c>batch</c>: single-line console logs, nothing else by default.</summary>
internal static class ClusterHost
{
    public static HostApplicationBuilder CreateBuilder(LogLevel level)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        builder.Logging.SetMinimumLevel(level);
        return builder;
    }

    /// <summary>Starts the host; a failure becomes a <see cref="CliException"/> that starts with <paramref name="failure"/>.</summary>
    public static async Task StartAsync(IHost host, string failure, CancellationToken cancellationToken)
    {
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new CliException($"{failure}: {e.GetBaseException().Message}");
        }
    }
}
