using System.Net;
using System.Net.Sockets;

namespace MusicGenre.Tests.Datasets;

/// <summary>
/// A tiny HTTP server on 127.0.0.1 serving one byte array with Range support; it can drop the connection after a
/// number of bytes, to test resuming. Never touches the network beyond loopback.
/// </summary>
public sealed class LocalHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly byte[] _content;
    private readonly IReadOnlyDictionary<string, byte[]>? _files;
    private readonly Task _loop;

    /// <summary>Serves a different content per file name (the last segment of the request path); 404 for others.</summary>
    public LocalHttpServer(IReadOnlyDictionary<string, byte[]> files) : this([])
    {
        _files = files;
    }

    public LocalHttpServer(byte[] content)
    {
        _content = content;
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(Serve);
    }

    public int Port { get; }
    public Uri Url => new($"http://127.0.0.1:{Port}/data/genres.tar.gz");

    /// <summary>When set, the next response sends only this many bytes of its body, then aborts the connection.</summary>
    public long? DropAfterBytes { get; set; }

    /// <summary>When true, Range requests are answered with the whole file (200), like a server without range support.</summary>
    public bool IgnoreRange { get; set; }

    public List<string?> RangeHeaders { get; } = [];
    public int Requests => RangeHeaders.Count;

    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try { ctx = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            try { await Handle(ctx); }
            catch (Exception) { /* the client went away */ }
        }
    }

    private async Task Handle(HttpListenerContext ctx)
    {
        var range = ctx.Request.Headers["Range"];
        lock (RangeHeaders) RangeHeaders.Add(range);
        var content = _content;
        if (_files is not null && !_files.TryGetValue(ctx.Request.Url!.Segments[^1], out content!))
        {
            ctx.Response.StatusCode = 404;
            ctx.Response.Close();
            return;
        }
        long from = 0;
        if (range is not null && !IgnoreRange && range.StartsWith("bytes=") && range.EndsWith('-'))
        {
            from = long.Parse(range[6..^1]);
            if (from >= content.Length)
            {
                ctx.Response.StatusCode = 416;
                ctx.Response.Headers["Content-Range"] = $"bytes */{content.Length}";
                ctx.Response.Close();
                return;
            }
            ctx.Response.StatusCode = 206;
            ctx.Response.Headers["Content-Range"] = $"bytes {from}-{content.Length - 1}/{content.Length}";
        }
        var length = content.Length - from;
        ctx.Response.ContentLength64 = length;
        var send = DropAfterBytes is { } drop ? Math.Min(drop, length) : length;
        DropAfterBytes = null;
        await ctx.Response.OutputStream.WriteAsync(content.AsMemory((int)from, (int)send));
        if (send < length) { await ctx.Response.OutputStream.FlushAsync(); ctx.Response.Abort(); return; }
        ctx.Response.Close();
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }
}
