using System.CommandLine;
using MusicGenre.Orleans.Cluster;

namespace MusicGenre.Cli.Commands;

/// <summary>The options that name a genre cluster: <c>--cluster</c>, <c>--dev</c>, <c>--cluster-id</c>.</summary>
internal sealed class ClusterOptions
{
    public Option<string?> Cluster { get; } = new("--cluster") { Description = "Where the cluster's membership is: redis://host:port[/db] (any number of silos on any machines) or dev (one silo on this machine)." };
    public Option<bool> Dev { get; } = new("--dev") { Description = "Development cluster: one silo on this machine, no Redis (the same as --cluster dev)." };
    public Option<string> ClusterId { get; } = new("--cluster-id") { Description = "Cluster id: silos and clients of one cluster use the same; several clusters can share one Redis.", DefaultValueFactory = _ => GenreClusterMembership.DefaultClusterId };

    public void AddTo(Command command)
    {
        command.Options.Add(Cluster);
        command.Options.Add(Dev);
        command.Options.Add(ClusterId);
    }

    public GenreClusterMembership Membership(ParseResult parse, int? developmentGatewayPort = null)
    {
        var cluster = parse.GetValue(Cluster);
        var dev = parse.GetValue(Dev);
        if (dev && cluster is not null && !cluster.Trim().Equals("dev", StringComparison.OrdinalIgnoreCase))
            throw new CliException("Choose one of --cluster and --dev.", ExitCodes.Usage);
        if (!dev && cluster is null) throw new CliException("Say where the cluster is: --cluster redis://host:port, or --dev for one silo on this machine.", ExitCodes.Usage);
        GenreClusterMembership membership;
        try
        {
            membership = GenreClusterMembership.Parse(dev ? "dev" : cluster!, parse.GetValue(ClusterId));
        }
        catch (FormatException e)
        {
            throw new CliException(e.Message, ExitCodes.Usage);
        }
        return developmentGatewayPort is { } port && membership.Kind == GenreClusterKind.Development ? membership with { DevelopmentGatewayPort = port } : membership;
    }
}
