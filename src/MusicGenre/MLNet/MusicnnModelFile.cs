using System.IO.Compression;
using System.Runtime.CompilerServices;
using Microsoft.ML;
using Microsoft.ML.Transforms;
using MusicGenre.MLNet.Persistence;

namespace MusicGenre.MLNet;

/// <summary>
/// Saves and loads ML.NET models that contain a musicnn embedding. The model zip is ML.NET's own
/// (<c>mlContext.Model.Save</c>) plus one extra entry per musicnn embedding (<c>MusicGenre/Musicnn/N.bin</c>: patch
/// options, pooling, network weights, SHA-256); ML.NET ignores the extra entries.
/// </summary>
/// <remarks>
/// A plain <c>mlContext.Model.Load</c> of such a file fails with a message naming <see cref="Load"/>. The saved
/// weights are musicnn's (<see cref="Models.Musicnn.MusicnnWeights.License"/>) or fine-tuned from them: keep the
/// licence notice with the file when you redistribute it.
/// </remarks>
public static class MusicnnModelFile
{
    private const string EntryPrefix = "MusicGenre/Musicnn/";
    private static readonly AsyncLocal<Queue<MusicnnEmbeddingState>?> Pending = new();
    private static readonly ConditionalWeakTable<ITransformer, MusicnnEmbeddingState> States = new();

    /// <summary>Saves a fitted model (a chain that may contain musicnn embeddings) to a zip file.</summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="model">The fitted model.</param>
    /// <param name="inputSchema">The schema of the model's input data.</param>
    /// <param name="path">The file to write (replaced if it exists).</param>
    public static void Save(MLContext mlContext, ITransformer model, DataViewSchema inputSchema, string path)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var states = Collect(model).Select(t => States.TryGetValue(t, out var s) ? s
            : throw new InvalidOperationException("A musicnn embedding in this model has no state; was it created by MusicnnEmbeddingEstimator?")).ToList();
        mlContext.Model.Save(model, inputSchema, path);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        foreach (var stale in zip.Entries.Where(e => e.FullName.StartsWith(EntryPrefix, StringComparison.Ordinal)).ToList()) stale.Delete();
        for (var i = 0; i < states.Count; i++)
        {
            using var stream = zip.CreateEntry($"{EntryPrefix}{i}.bin", CompressionLevel.Optimal).Open();
            states[i].Write(stream);
        }
    }

    /// <summary>Loads a model saved by <see cref="Save"/>.</summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="path">The model file.</param>
    /// <param name="inputSchema">The schema of the model's input data.</param>
    /// <returns>The model, ready to transform data.</returns>
    /// <exception cref="InvalidDataException">The file is truncated, corrupted or not such a model; the message names it.</exception>
    public static ITransformer Load(MLContext mlContext, string path, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"Model file not found: {path}", path);
        var states = new List<MusicnnEmbeddingState>();
        try
        {
            using var zip = ZipFile.OpenRead(path);
            var entries = zip.Entries.Where(e => e.FullName.StartsWith(EntryPrefix, StringComparison.Ordinal))
                .Select(e => (Entry: e, Index: int.TryParse(Path.GetFileNameWithoutExtension(e.Name), out var n) ? n : -1))
                .OrderBy(e => e.Index).ToList();
            for (var i = 0; i < entries.Count; i++)
            {
                if (entries[i].Index != i) throw new InvalidDataException($"{path}: unexpected musicnn entry {entries[i].Entry.FullName}.");
                using var stream = entries[i].Entry.Open();
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                buffer.Position = 0;
                states.Add(MusicnnEmbeddingState.Read(buffer, $"{path}!{entries[i].Entry.FullName}"));
            }
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}: not a readable model file ({e.Message}).", e);
        }

        mlContext.ComponentCatalog.RegisterAssembly(typeof(MusicnnModelFile).Assembly);
        var previous = Pending.Value;
        Pending.Value = new Queue<MusicnnEmbeddingState>(states);
        ITransformer model;
        try
        {
            model = mlContext.Model.Load(path, out inputSchema);
            if (Pending.Value.Count != 0)
                throw new InvalidDataException($"{path}: {Pending.Value.Count} musicnn entries are not used by the model.");
        }
        finally
        {
            Pending.Value = previous;
        }
        var loaded = Collect(model).ToList();
        if (loaded.Count != states.Count)
            throw new InvalidDataException($"{path}: the model has {loaded.Count} musicnn embeddings but the file holds {states.Count} entries.");
        for (var i = 0; i < loaded.Count; i++) States.AddOrUpdate(loaded[i], states[i]);
        return model;
    }

    /// <summary>Remembers the state behind a fitted musicnn mapping, for <see cref="Save"/>.</summary>
    internal static void Register(ITransformer mapping, MusicnnEmbeddingState state) => States.AddOrUpdate(mapping, state);

    /// <summary>Called by the mapping factories while <see cref="Load"/> runs: the next saved state.</summary>
    internal static MusicnnEmbeddingState TakePending(string contract)
    {
        var queue = Pending.Value
            ?? throw new InvalidOperationException(
                $"This model contains a musicnn embedding ({contract}); load it with MusicGenre.MLNet.MusicnnModelFile.Load(mlContext, path, out schema), not mlContext.Model.Load.");
        if (queue.Count == 0) throw new InvalidDataException($"The model file holds fewer musicnn entries than the model uses ({contract}).");
        var state = queue.Dequeue();
        if (state.Contract != contract)
            throw new InvalidDataException($"The saved musicnn entry is for {state.Contract}, but the model expects {contract}.");
        return state;
    }

    /// <summary>The musicnn custom mappings of a model, depth first, in chain order (the order ML.NET loads them).</summary>
    private static IEnumerable<ITransformer> Collect(ITransformer model)
    {
        switch (model)
        {
            case ChainBackedTransformer wrapper:
                foreach (var t in Collect(wrapper.Inner)) yield return t;
                break;
            case IEnumerable<ITransformer> chain:
                foreach (var child in chain)
                foreach (var t in Collect(child)) yield return t;
                break;
            default:
                var type = model.GetType();
                if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(CustomMappingTransformer<,>)
                    && type.GenericTypeArguments[0] == typeof(MusicnnSamplesRow))
                    yield return model;
                break;
        }
    }
}
