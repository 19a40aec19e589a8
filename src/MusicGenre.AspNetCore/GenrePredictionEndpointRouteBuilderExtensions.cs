using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MusicGenre.AspNetCore;
using MusicGenre.AspNetCore.Endpoints;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the genre prediction endpoints (after <c>builder.Services.AddGenrePrediction(...)</c>).</summary>
public static class GenrePredictionEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST {prefix}/predict</c>, <c>GET {prefix}/model</c>, and, at the paths of
    /// <see cref="GenrePredictionOptions"/>, the health check (<c>/healthz</c>), the Prometheus metrics
    /// (<c>/metrics</c>) and the browser page (<c>/</c>, its assets under <c>{prefix}/page/</c>).
    /// </summary>
    /// <param name="endpoints">The application (or any route builder).</param>
    /// <param name="prefix">Where the API lives; default <c>/v1</c>; empty for the root.</param>
    /// <returns>A builder for all of them (add authorisation, rate limiting, CORS... as for any endpoints).</returns>
    /// <exception cref="InvalidOperationException"><c>AddGenrePrediction</c> was not called.</exception>
    /// <exception cref="ArgumentException">The prefix is not a path.</exception>
    public static IEndpointConventionBuilder MapGenrePrediction(this IEndpointRouteBuilder endpoints, string prefix = "/v1")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        var settings = services.GetService<ServiceSettings>()
            ?? throw new InvalidOperationException("Genre prediction has no model: call builder.Services.AddGenrePrediction(modelPath) before app.MapGenrePrediction().");
        prefix = Normalised(prefix);
        var options = settings.Options;
        var group = endpoints.MapGroup("");
        group.MapPost(prefix + "/predict", services.GetRequiredService<PredictEndpoint>().HandleAsync).WithDisplayName("MusicGenre: predict");
        group.MapGet(prefix + "/model", services.GetRequiredService<ModelEndpoint>().HandleAsync).WithDisplayName("MusicGenre: model");
        if (options.HealthPath is { } health)
            group.MapGet(health, services.GetRequiredService<HealthEndpoint>().HandleAsync).WithDisplayName("MusicGenre: health");
        if (options.MetricsPath is { } metrics)
            group.MapGet(metrics, services.GetRequiredService<MetricsEndpoint>().HandleAsync).WithDisplayName("MusicGenre: metrics");
        if (options.PagePath is { } pagePath)
        {
            var page = new PageEndpoint(services.GetRequiredService<ServiceMetrics>(), settings, prefix);
            group.MapGet(pagePath, page.PageAsync).WithDisplayName("MusicGenre: page");
            group.MapGet(prefix + PageEndpoint.AssetFolder + "/app.js", page.ScriptAsync).WithDisplayName("MusicGenre: page script");
            group.MapGet(prefix + PageEndpoint.AssetFolder + "/app.css", page.StyleAsync).WithDisplayName("MusicGenre: page style");
        }
        return group;
    }

    private static string Normalised(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var trimmed = prefix.Trim().TrimEnd('/');
        if (trimmed.Length == 0) return "";
        if (!trimmed.StartsWith('/')) trimmed = "/" + trimmed;
        if (trimmed.IndexOfAny(['?', '#', '{', '}', ' ', '\\']) >= 0)
            throw new ArgumentException($"The prefix must be a plain path such as /v1 (got '{prefix}').", nameof(prefix));
        return trimmed;
    }
}
