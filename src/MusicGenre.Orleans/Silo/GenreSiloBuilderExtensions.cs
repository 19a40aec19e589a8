using Microsoft.Extensions.DependencyInjection;
using MusicGenre.Orleans.Grains;
using Orleans.Hosting;
using Orleans;
using Orleans.Runtime;

namespace MusicGenre.Orleans.Silo;

/// <summary>Makes a silo a genre classifier.</summary>
public static class GenreSiloBuilderExtensions
{
    /// <summary>
    /// Adds the genre classifier to the silo: the model is loaded once when the silo starts (a silo whose model does
    /// not load does not start), and <see cref="IGenreClassifierGrain"/> keyed by this silo's address classifies tracks
    /// on it, <see cref="GenreSiloOptions.Workers"/> at once.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="options">The model and the number of workers.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static ISiloBuilder AddGenreClassifier(this ISiloBuilder builder, GenreSiloOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var copy = options.Clone();
        copy.Validate();
        builder.AddPlacementDirector<SiloPinnedPlacement, SiloPinnedPlacementDirector>();
        builder.Services.AddSingleton(copy);
        builder.Services.AddSingleton<GenreClassifierWorker>();
        // Resolving the participant at start-up loads the model before the silo becomes active.
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services => services.GetRequiredService<GenreClassifierWorker>());
        return builder;
    }

    /// <summary>What a started classifier silo serves (its name, model, workers).</summary>
    /// <param name="services">The silo host's services.</param>
    /// <exception cref="InvalidOperationException">The silo has no genre classifier (<see cref="AddGenreClassifier"/> was not called).</exception>
    public static GenreSiloInfo GetGenreSiloInfo(this IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return (services.GetService<GenreClassifierWorker>() ?? throw new InvalidOperationException("This silo has no genre classifier: call AddGenreClassifier on its silo builder.")).Info;
    }
}
