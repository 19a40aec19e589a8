namespace MusicGenre.AspNetCore.Endpoints;

/// <summary>The health check: 200 <c>{"status":"ok"}</c> once the model is loaded, 503 <c>{"status":"loading"}</c> before.</summary>
internal sealed class HealthEndpoint(GenreModelHost model, ServiceMetrics metrics)
{
    public const string Name = "health";

    public Task HandleAsync(HttpContext context)
    {
        var predictor = model.Predictor;
        int status = predictor is null ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        metrics.Request(Name, status);
        context.Response.StatusCode = status;
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsJsonAsync(new HealthResponse(predictor is null ? "loading" : "ok", predictor?.Kind), ServiceJsonContext.Default.HealthResponse, contentType: null, context.RequestAborted);
    }
}
