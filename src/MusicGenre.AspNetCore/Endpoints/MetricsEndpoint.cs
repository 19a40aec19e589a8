namespace MusicGenre.AspNetCore.Endpoints;

/// <summary>The Prometheus scrape endpoint (text exposition format 0.0.4).</summary>
internal sealed class MetricsEndpoint(GenreModelHost model, PredictionGate gate, ServiceMetrics metrics)
{
    public const string Name = "metrics";

    public Task HandleAsync(HttpContext context)
    {
        metrics.Request(Name, StatusCodes.Status200OK);
        context.Response.ContentType = ServiceMetrics.ContentType;
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(metrics.Write(gate, model.Predictor?.Kind), context.RequestAborted);
    }
}
