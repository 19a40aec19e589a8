using System.Net;

namespace MusicGenre.Orleans.Cluster;

/// <summary>
/// Where a genre cluster keeps its membership, as <c>--cluster</c> gives it: <c>redis://host:port</c> (optionally
/// <c>redis://host:port/db</c>) or <c>dev</c>. Silos and clients of one cluster use the same value and the same
/// <see cref="ClusterId"/>.
/// </summary>
public sealed record GenreClusterMembership
{
    /// <summary>The default <see cref="ClusterId"/> and service id.</summary>
    public const string DefaultClusterId = "musicgenre";

    /// <summary>The default silo-to-silo port (Orleans' own default).</summary>
    public const int DefaultSiloPort = 11111;

    /// <summary>The default gateway port, where clients connect (Orleans' own default).</summary>
    public const int DefaultGatewayPort = 30000;

    /// <summary>Redis or development membership.</summary>
    public required GenreClusterKind Kind { get; init; }

    /// <summary>Redis: the StackExchange.Redis configuration (<c>host:port[,defaultDatabase=N]</c>); null for development.</summary>
    public string? RedisConfiguration { get; init; }

    /// <summary>Redis: the server's host name or address; null for development.</summary>
    public string? RedisHost { get; init; }

    /// <summary>The Orleans cluster id (and service id): several clusters can share one Redis under different ids.</summary>
    public string ClusterId { get; init; } = DefaultClusterId;

    /// <summary>Development: the gateway port of the one silo.</summary>
    public int DevelopmentGatewayPort { get; init; } = DefaultGatewayPort;

    /// <summary>Development membership (one silo on this machine).</summary>
    public static GenreClusterMembership Development { get; } = new() { Kind = GenreClusterKind.Development };

    /// <summary>True when the membership store is on this machine (Redis on a loopback address, or development).</summary>
    public bool IsLocal => Kind == GenreClusterKind.Development || RedisHost is "localhost"
        || (IPAddress.TryParse(RedisHost, out var address) && IPAddress.IsLoopback(address));

    /// <summary>Parses <c>redis://host:port[/db]</c> or <c>dev</c>.</summary>
    /// <param name="text">The value of <c>--cluster</c>.</param>
    /// <param name="clusterId">The cluster id; null for <see cref="DefaultClusterId"/>.</param>
    /// <exception cref="FormatException">Neither form; the message shows both.</exception>
    public static GenreClusterMembership Parse(string text, string? clusterId = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var id = string.IsNullOrWhiteSpace(clusterId) ? DefaultClusterId : clusterId.Trim();
        var value = text.Trim();
        if (value.Equals("dev", StringComparison.OrdinalIgnoreCase) || value.Equals("development", StringComparison.OrdinalIgnoreCase))
            return Development with { ClusterId = id };
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != "redis" || string.IsNullOrEmpty(uri.Host))
            throw new FormatException($"--cluster '{text}' is not redis://host:port[/db] or dev.");
        var port = uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port;
        var configuration = $"{uri.Host}:{port}";
        var path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0)
        {
            if (!int.TryParse(path, out var database) || database < 0) throw new FormatException($"--cluster '{text}': the database after the port must be a number (redis://host:port/0).");
            configuration += $",defaultDatabase={database}";
        }
        return new GenreClusterMembership { Kind = GenreClusterKind.Redis, RedisConfiguration = configuration, RedisHost = uri.Host, ClusterId = id };
    }

    /// <inheritdoc/>
    public override string ToString() => Kind == GenreClusterKind.Development ? "dev" : $"redis://{RedisConfiguration} (cluster {ClusterId})";
}
