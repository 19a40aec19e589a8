using MusicGenre.AspNetCore.Contracts;
using MusicGenre.Models.Musicnn;

namespace MusicGenre.AspNetCore.Endpoints;

/// <summary><c>GET {prefix}/model</c>: what <c>musicgenre info</c> says about the served model (503 while it loads).</summary>
internal sealed class ModelEndpoint(GenreModelHost model, ServiceMetrics metrics, ServiceSettings settings)
{
    public const string Name = "model";

    public async Task HandleAsync(HttpContext context)
    {
        if (model.Predictor is not { } predictor)
        {
            metrics.Request(Name, StatusCodes.Status503ServiceUnavailable);
            await ProblemResponse.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, ErrorReason.NotReady, "Model not loaded",
                "The genre model is still loading; try again shortly.", settings.Options.RetryAfter).ConfigureAwait(false);
            return;
        }
        var info = predictor.Info;
        var metadata = info.Metadata;
        bool musicnn = info.Kind.StartsWith("musicnn", StringComparison.Ordinal);
        var response = new GenreModelResponse(
            model.FileName,
            info.Kind,
            info.Genres,
            info.FormatVersion,
            info.LibraryVersion,
            info.Created,
            info.InputColumnName,
            info.LabelColumnName,
            metadata.TrainedBy is null ? null : metadata.TrainedBy + (metadata.ToolVersion is null ? "" : " " + metadata.ToolVersion),
            metadata.Dataset,
            metadata.Split,
            metadata.Metrics,
            metadata.Settings,
            [.. info.Steps.Select(s => new GenreModelStepResponse(s.Kind, s.Description, s.LabelOnly))],
            musicnn ? metadata.Settings.GetValueOrDefault("weights licence") ?? MusicnnWeights.License : null);
        metrics.Request(Name, StatusCodes.Status200OK);
        await context.Response.WriteAsJsonAsync(response, ServiceJsonContext.Default.GenreModelResponse, contentType: null, context.RequestAborted).ConfigureAwait(false);
    }
}
