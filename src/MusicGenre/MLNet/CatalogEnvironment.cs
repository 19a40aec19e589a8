using System.Reflection;
using Microsoft.ML.Runtime;

namespace MusicGenre.MLNet;

/// <summary>
/// Reaches the <see cref="IHostEnvironment"/> behind an ML.NET catalog (ML.NET keeps it internal), so a trainer
/// created from <c>mlContext.MulticlassClassification.Trainers</c> can draw its seed from the context's seed, log
/// through its channel and honour <c>mlContext.CancelExecution()</c>.
/// </summary>
internal static class CatalogEnvironment
{
    /// <summary>The catalog's environment, or null when this ML.NET version hides it differently.</summary>
    public static IHostEnvironment? Get(object catalog)
    {
        if (catalog is IHostEnvironment direct) return direct;
        return Find<IHostEnvironment>(catalog, "Environment");
    }

    /// <summary>
    /// A probe that tells whether <c>mlContext.CancelExecution()</c> was called on <paramref name="environment"/> (ML.NET
    /// keeps its cancellation interface internal), or null when this ML.NET version hides it differently.
    /// </summary>
    public static Func<bool>? CancellationProbe(IHostEnvironment environment)
    {
        var cancelable = environment.GetType().GetInterfaces().FirstOrDefault(i => i.FullName == "Microsoft.ML.Runtime.ICancelable");
        var isCanceled = cancelable?.GetProperty("IsCanceled");
        if (isCanceled is null || isCanceled.PropertyType != typeof(bool)) return null;
        return () => (bool)isCanceled.GetValue(environment)!;
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
