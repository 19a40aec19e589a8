namespace MusicGenre.Orleans.Cluster;

/// <summary>How the silos and clients of a genre cluster find each other.</summary>
public enum GenreClusterKind
{
    /// <summary>Membership in Redis (<c>Microsoft.Orleans.Clustering.Redis</c>): any number of silos on any machines.</summary>
    Redis,

    /// <summary>One silo on this machine with in-memory membership (Orleans' localhost clustering), for trying things out.</summary>
    Development,
}
