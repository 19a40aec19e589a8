using System.Net;
using System.Net.Sockets;

namespace MusicGenre.Tests.Musicnn;

/// <summary>A loopback HTTP server (127.0.0.1, free port) that answers every GET with fixed bytes or a status code.</summary>
internal sealed class LocalHttpServer : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Task loop;
    private int requests;

    public LocalHttpServer(byte[] body, HttpStatusCode status = HttpStatusCode.OK)
    {
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}/MSD_musicnn.h5";
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        loop = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await listener.GetContextAsync(); }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
                Interlocked.Increment(ref requests);
                context.Response.StatusCode = (int)status;
                if (status == HttpStatusCode.OK)
                {
                    context.Response.ContentLength64 = body.Length;
                    await context.Response.OutputStream.WriteAsync(body);
                }
                context.Response.Close();
            }
        });
    }

    public string Url { get; }

    public int Requests => Volatile.Read(ref requests);

    /// <summary>A loopback URL on which nothing listens (an "offline" machine).</summary>
    public static string UnreachableUrl => $"http://127.0.0.1:{FreePort()}/MSD_musicnn.h5";

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        try { loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
