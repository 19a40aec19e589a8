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
        if (catalog is IHostEnvironment direct) return direct;
        return Find<IHostEnvironment>(catalog, "Environment");
    }

    /// <summary>The <see cref="ComponentCatalog"/> of the environment behind <paramref name="catalog"/>, or null.</summary>
    public static ComponentCatalog? GetComponentCatalog(object catalog)
    {
        var environment = Get(catalog);
        return environment is null ? null : Find<ComponentCatalog>(environment, "ComponentCatalog");
    }

    /// <summary>Reads an instance property (public, non-public or explicitly implemented) whose name ends with <paramref name="name"/>.</summary>
    private static T? Find<T>(object owner, string name) where T : class
    {
        const BindingFlags all = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly;
        for (var type = owner.GetType(); type is not null; type = type.BaseType)
            foreach (var property in type.GetProperties(all))
                if ((property.Name == name || property.Name.EndsWith("." + name, StringComparison.Ordinal))
                    && typeof(T).IsAssignableFrom(property.PropertyType) && property.GetIndexParameters().Length == 0
                    && property.GetValue(owner) is T value)
                    return value;
        return null;
    }
}
