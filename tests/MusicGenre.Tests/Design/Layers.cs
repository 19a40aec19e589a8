namespace MusicGenre.Tests.Design;

/// <summary>
/// The layer order of MusicGenre's namespaces, lowest first, in one place. A namespace may use its own layer and the
/// layers below it, never one above. A layer holds its namespace and every namespace below it (<c>MusicGenre.Audio</c>
/// holds <c>MusicGenre.Audio.Wav</c>), except where a deeper namespace is a layer of its own
/// (<c>MusicGenre.MLNet.Persistence</c> sits above <c>MusicGenre.MLNet</c>); the root <c>MusicGenre</c> (the
/// <see cref="GenrePredictor"/> facade) holds itself only. Namespaces inside one layer may use each other.
/// </summary>
public static class Layers
{
    /// <summary>The root namespace: <see cref="GenrePredictor"/> and its results, on top of the ML.NET layer and persistence.</summary>
    public const string Root = "MusicGenre";

    /// <summary>Lowest first. A new namespace must be placed here before the layering tests pass.</summary>
    public static readonly IReadOnlyList<string> Order =
    [
        "MusicGenre.IO",                // files written atomically (every layer that writes uses it)
        "MusicGenre.Audio",             // decode, mix, resample (+ one namespace per container format)
        "MusicGenre.Features",          // log-mel, summary features, musicnn's input; windows and per-band standardisation
        "MusicGenre.Datasets",          // tracks, splits, downloads, feature cache
        "MusicGenre.Torch",             // the TorchSharp device
        "MusicGenre.Models",            // the networks and a trained network (+ Models.Musicnn)
        "MusicGenre.Training",          // the training loop and its options
        "MusicGenre.MLNet",             // estimators, transformers, catalogs
        "MusicGenre.MLNet.Persistence", // the model file (depends on MLNet, never the other way)
        Root,                           // GenrePredictor: the facade for applications
        "MusicGenre.Evaluation",        // metrics
        "MusicGenre.Reporting",         // report.md, metrics.json, plots (package MusicGenre.Reporting)
        "MusicGenre.AspNetCore",        // coming: the HTTP service package
        "MusicGenre.Orleans",           // coming: the Orleans package
        "MusicGenre.Cli",               // the musicgenre tool (+ Cli.Commands, Cli.Modeling)
    ];

    /// <summary>The index in <see cref="Order"/> of the layer holding <paramref name="ns"/>, or null when no layer holds it.</summary>
    public static int? Of(string ns)
    {
        int? best = null;
        for (var i = 0; i < Order.Count; i++)
        {
            var layer = Order[i];
            var holds = ns == layer || (layer != Root && ns.StartsWith(layer + ".", StringComparison.Ordinal));
            if (holds && (best is null || layer.Length > Order[best.Value].Length)) best = i;
        }
        return best;
    }

    /// <summary>True for MusicGenre's own namespaces (not the tests', samples' or benchmarks').</summary>
    public static bool IsProduct(string ns)
        => (ns == Root || ns.StartsWith(Root + ".", StringComparison.Ordinal))
           && !ns.StartsWith("MusicGenre.Tests", StringComparison.Ordinal)
           && !ns.StartsWith("MusicGenre.Benchmarks", StringComparison.Ordinal);

    /// <summary>
    /// What is wrong with one use of <paramref name="to"/> from <paramref name="from"/>: null when it is allowed, else a
    /// sentence naming both namespaces and their layers.
    /// </summary>
    public static string? Violation(string from, string to)
    {
        int? source = Of(from), target = Of(to);
        if (source is null) return $"{from} is in no layer: place it in Layers.Order (tests/MusicGenre.Tests/Design/Layers.cs).";
        if (target is null) return $"{to} (used by {from}) is in no layer: place it in Layers.Order (tests/MusicGenre.Tests/Design/Layers.cs).";
        return target > source
            ? $"{from} (layer {Order[source.Value]}) uses {to} (layer {Order[target.Value]}), which is above it."
            : null;
    }
}
