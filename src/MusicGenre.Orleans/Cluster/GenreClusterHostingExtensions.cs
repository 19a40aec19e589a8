using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Hosting;

namespace MusicGenre.Orleans.Cluster;

/// <summary>Joins silos and clients to a genre cluster (<see cref="GenreClusterMembership"/>).</summary>
public static class GenreClusterHostingExtensions
{
    /// <summary>
    /// Membership, cluster id and endpoints of a classifier silo. Failure detection is tightened from Orleans'
    /// defaults (probes every 2 s, dead after 3 missed) so that a silo that dies leaves the membership in about 10 s.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="membership">Redis or development membership.</param>
    /// <param name="endpoints">Ports and advertised address; null for 127.0.0.1 and Orleans' default ports.</param>
    /// <param name="kubernetes">Also use <c>Microsoft.Orleans.Hosting.Kubernetes</c>: the pod's name, IP, cluster id and ports come from the pod (see docs/scale.md), and pods that are gone are removed from the membership.</param>
    public static ISiloBuilder UseGenreCluster(this ISiloBuilder builder, GenreClusterMembership membership, GenreSiloEndpoints? endpoints = null, bool kubernetes = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(membership);
        endpoints ??= new GenreSiloEndpoints(System.Net.IPAddress.Loopback);
        builder.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = membership.ClusterId;
            o.ServiceId = membership.ClusterId;
        });
        builder.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(2);
            o.NumMissedProbesLimit = 3;
        });
        if (membership.Kind == GenreClusterKind.Development)
        {
            builder.UseLocalhostClustering(endpoints.SiloPort, endpoints.GatewayPort, serviceId: membership.ClusterId, clusterId: membership.ClusterId);
            return builder;
        }
        builder.UseRedisClustering(membership.RedisConfiguration!);
        if (kubernetes) builder.UseKubernetesHosting();
        else builder.ConfigureEndpoints(endpoints.AdvertisedAddress, endpoints.SiloPort, endpoints.GatewayPort, listenOnAnyHostAddress: !IsLoopback(endpoints));
        return builder;
    }

    /// <summary>Membership and cluster id of a client, with the time it waits for one track's result.</summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="membership">The same membership the silos use.</param>
    /// <param name="responseTimeout">How long one call may take (a long track queued behind others on a busy silo); default 5 minutes.</param>
    public static IClientBuilder UseGenreCluster(this IClientBuilder builder, GenreClusterMembership membership, TimeSpan? responseTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(membership);
        builder.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = membership.ClusterId;
            o.ServiceId = membership.ClusterId;
        });
        builder.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = responseTimeout ?? TimeSpan.FromMinutes(5));
        builder.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
        if (membership.Kind == GenreClusterKind.Development)
            builder.UseLocalhostClustering(membership.DevelopmentGatewayPort, serviceId: membership.ClusterId, clusterId: membership.ClusterId);
        else
            builder.UseRedisClustering(membership.RedisConfiguration!);
        return builder;
    }

    private static bool IsLoopback(GenreSiloEndpoints endpoints) => System.Net.IPAddress.IsLoopback(endpoints.AdvertisedAddress);
}
