using Microsoft.ML;

namespace MusicGenre.MLNet;

/// <summary>Registers MusicGenre with an <see cref="MLContext"/>.</summary>
public static class MusicGenreMLContextExtensions
{
    /// <summary>
    /// Registers this assembly's custom-mapping factories so <c>mlContext.Model.Load</c> can restore models that
    /// contain MusicGenre transforms. Call once per context, before loading; calling again is harmless.
    /// </summary>
    /// <param name="mlContext">The context.</param>
    /// <returns>The same context.</returns>
    public static MLContext RegisterMusicGenre(this MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        mlContext.ComponentCatalog.RegisterAssembly(typeof(MusicGenreMLContextExtensions).Assembly);
        return mlContext;
    }
}
