using System.Globalization;
using System.Net;
using System.Text;

namespace MusicGenre.AspNetCore.Endpoints;

/// <summary>
/// The browser page and its two assets, read from the assembly's embedded resources (no CDN, nothing to build): the
/// page at its path, <c>app.js</c> and <c>app.css</c> under <c>{prefix}/page/</c>. The page is sent with a strict
/// Content-Security-Policy that allows nothing but this origin.
/// </summary>
internal sealed class PageEndpoint
{
    public const string Name = "page";

    /// <summary>Where the assets live, under the API prefix.</summary>
    public const string AssetFolder = "/page";

    private const string Policy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private readonly ServiceMetrics metrics;
    private readonly byte[] html;

    public PageEndpoint(ServiceMetrics metrics, ServiceSettings settings, string apiPrefix)
    {
        this.metrics = metrics;
        var page = Resource("index.html")
            .Replace("{{api}}", WebUtility.HtmlEncode(apiPrefix), StringComparison.Ordinal)
            .Replace("{{assets}}", WebUtility.HtmlEncode(apiPrefix + AssetFolder), StringComparison.Ordinal)
            .Replace("{{maxUploadBytes}}", settings.Options.MaxUploadBytes.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        html = Encoding.UTF8.GetBytes(page);
        Script = Encoding.UTF8.GetBytes(Resource("app.js"));
        Style = Encoding.UTF8.GetBytes(Resource("app.css"));
    }

    public byte[] Script { get; }

    public byte[] Style { get; }

    public Task PageAsync(HttpContext context) => Send(context, html, "text/html; charset=utf-8", Policy);

    public Task ScriptAsync(HttpContext context) => Send(context, Script, "text/javascript; charset=utf-8", null);

    public Task StyleAsync(HttpContext context) => Send(context, Style, "text/css; charset=utf-8", null);

    private Task Send(HttpContext context, byte[] body, string contentType, string? policy)
    {
        metrics.Request(Name, StatusCodes.Status200OK);
        var headers = context.Response.Headers;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        if (policy is not null)
        {
            headers.ContentSecurityPolicy = policy;
            headers["Referrer-Policy"] = "no-referrer";
        }
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    private static string Resource(string name)
    {
        using var stream = typeof(PageEndpoint).Assembly.GetManifestResourceStream("MusicGenre.AspNetCore.Page." + name)
            ?? throw new InvalidOperationException($"The page asset {name} is missing from the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
