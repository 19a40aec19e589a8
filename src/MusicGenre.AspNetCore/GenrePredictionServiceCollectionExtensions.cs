using Microsoft.Extensions.Logging;
using MusicGenre.AspNetCore;
using MusicGenre.AspNetCore.Endpoints;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds genre prediction to an ASP.NET Core application's services (then map it with <c>app.MapGenrePrediction()</c>).</summary>
public static class GenrePredictionServiceCollectionExtensions
{
    /// <summary>
    /// Adds the services behind <c>MapGenrePrediction</c>: the model (loaded when the host starts; a model that cannot
    /// be loaded stops the start with its <c>GenreModelFormatException</c> or <c>FileNotFoundException</c>), the
    /// concurrency gate, the metrics.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="modelPath">A model file written by <c>SaveGenreModel</c> or <c>musicgenre train</c> (any kind that starts at the audio).</param>
    /// <param name="options">Limits and paths; null for the defaults. The object is copied.</param>
    /// <returns>The services, for chaining.</returns>
    /// <exception cref="ArgumentException">An option is invalid (all are listed), or the path is empty.</exception>
    /// <exception cref="InvalidOperationException">Genre prediction was already added (one application serves one model).</exception>
    /// <example><code>
    /// var builder = WebApplication.CreateBuilder(args);
    /// builder.Services.AddGenrePrediction("genre.mgmodel", new GenrePredictionOptions { MaxUploadMegabytes = 20 });
    /// var app = builder.Build();
    /// app.MapGenrePrediction(prefix: "/v1");
    /// app.Run();
    /// </code></example>
    public static IServiceCollection AddGenrePrediction(this IServiceCollection services, string modelPath, GenrePredictionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        var copy = options?.Clone() ?? new GenrePredictionOptions();
        copy.Validate();
        if (services.Any(d => d.ServiceType == typeof(ServiceSettings)))
            throw new InvalidOperationException("AddGenrePrediction has already been called: one application serves one model.");
        var settings = new ServiceSettings(copy, Path.GetFullPath(modelPath));
        services.AddLogging();
        services.AddSingleton(settings);
        services.AddSingleton(sp => new GenreModelHost(settings.ModelPath, copy.Predictor, sp.GetRequiredService<ILogger<GenreModelHost>>()));
        services.AddHostedService(sp => sp.GetRequiredService<GenreModelHost>());
        services.AddSingleton<ServiceMetrics>();
        services.AddSingleton(_ => new PredictionGate(copy.EffectiveConcurrency, copy.QueueLength));
        services.AddSingleton<PredictEndpoint>();
        services.AddSingleton<ModelEndpoint>();
        services.AddSingleton<HealthEndpoint>();
        services.AddSingleton<MetricsEndpoint>();
        return services;
    }
}
