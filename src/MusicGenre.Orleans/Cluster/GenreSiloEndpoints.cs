using System.Net;

namespace MusicGenre.Orleans.Cluster;

/// <summary>Where a silo listens and the address it gives the other silos and clients.</summary>
/// <param name="AdvertisedAddress">The address others reach it at (127.0.0.1 for a cluster on one machine, the pod IP on Kubernetes).</param>
/// <param name="SiloPort">The silo-to-silo port.</param>
/// <param name="GatewayPort">The port clients connect to.</param>
public sealed record GenreSiloEndpoints(IPAddress AdvertisedAddress, int SiloPort = GenreClusterMembership.DefaultSiloPort, int GatewayPort = GenreClusterMembership.DefaultGatewayPort);
