using System.Reflection;
using Microsoft.ML.Runtime;

namespace MusicGenre.MLNet;

/// <summary>
/// Reaches the <see cref="IHostEnvironment"/> behind an ML.NET catalog (ML.NET keeps it internal), so a trainer
/// created from <c>mlContext.MulticlassClassification.Trainers</c> can draw its seed from the context's seed.
/// </summary>
internal static class CatalogEnvironment
{
    /// <summary>The catalog's environment, or null when this ML.NET version hides it differently.</summary>
    public static IHostEnvironment? Get(object catalog)
    {
        for (var type = catalog.GetType(); type is not null; type = type.BaseType)
        {
            var property = type.GetProperty("Environment", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly);
            if (property?.GetValue(catalog) is IHostEnvironment environment) return environment;
        }
        return null;
    }
}
