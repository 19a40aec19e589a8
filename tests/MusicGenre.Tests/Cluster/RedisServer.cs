using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MusicGenre.Tests.Cluster;

/// <summary>
/// A private redis-server (Debian's, from .ci/packages.txt) on 127.0.0.1 and a free port, without persistence, for
/// one test's cluster membership; killed on dispose. Skips the test when redis-server is not installed.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private readonly ChildProcess process;

    private RedisServer(ChildProcess process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The value of <c>--cluster</c>.</summary>
    public string Url => $"redis://127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        var executable = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists);
        Skip.If(executable is null, "redis-server is not installed (.ci/run installs it from .ci/packages.txt)");
        var port = FreePort();
        var process = new ChildProcess(executable!, ["--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"]);
        var server = new RedisServer(process, port);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await PingAsync(port))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                server.Dispose();
                Assert.Fail($"redis-server did not answer on 127.0.0.1:{port}:\n{process.Output}");
            }
            await Task.Delay(100);
        }
        return server;
    }

    /// <summary>A TCP port nobody listens on now (the OS's choice for port 0).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose() => process.Dispose();

    private static async Task<bool> PingAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port).WaitAsync(TimeSpan.FromSeconds(2));
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes("PING\r\n"));
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(2));
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or IOException or TimeoutException)
        {
            return false;
        }
    }
}
