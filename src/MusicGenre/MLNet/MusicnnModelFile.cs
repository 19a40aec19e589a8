using System.IO.Compression;
using System.Runtime.CompilerServices;
using Microsoft.ML;
using Microsoft.ML.Transforms;
using MusicGenre.MLNet.Persistence;

namespace MusicGenre.MLNet;

/// <summary>
/// Saves and loads ML.NET models that contain a musicnn embedding. Such a model is an ordinary genre model file
/// (<see cref="GenreModelCatalog.SaveGenreModel(ModelOperationsCatalog, ITransformer, DataViewSchema?, string)"/>):
/// ML.NET's own zip plus one extra entry per musicnn embedding (<c>MusicGenre/Musicnn/N.bin</c>: patch options,
/// pooling, network weights, SHA-256), so one file format serves every MusicGenre chain, with or without CNNs.
/// </summary>
/// <remarks>
/// A plain <c>mlContext.Model.Load</c> of such a file fails with a message naming <c>LoadGenreModel</c>. The saved
/// weights are musicnn's (<see cref="Models.Musicnn.MusicnnWeights.License"/>) or fine-tuned from them: keep the
/// licence notice with the file when you redistribute it.
/// </remarks>
public static class MusicnnModelFile
{
    private const string EntryPrefix = "MusicGenre/Musicnn/";
    private static readonly AsyncLocal<Queue<MusicnnEmbeddingState>?> Pending = new();
    private static readonly ConditionalWeakTable<ITransformer, MusicnnEmbeddingState> States = new();

    /// <summary>Saves a fitted model (a chain that may contain musicnn embeddings) to a file; the same as <c>mlContext.Model.SaveGenreModel</c>.</summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="model">The fitted model.</param>
    /// <param name="inputSchema">The schema of the model's input data.</param>
    /// <param name="path">The file to write (replaced if it exists).</param>
    public static void Save(MLContext mlContext, ITransformer model, DataViewSchema inputSchema, string path)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        mlContext.Model.SaveGenreModel(model, inputSchema, path);
    }

    /// <summary>Loads a model saved by <see cref="Save"/>; the same as <c>mlContext.Model.LoadGenreModel</c>.</summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="path">The model file.</param>
    /// <param name="inputSchema">The schema of the model's input data.</param>
    /// <returns>The model, ready to transform data.</returns>
    /// <exception cref="GenreModelFormatException">The file is truncated, corrupted or not such a model; the message names it.</exception>
    public static ITransformer Load(MLContext mlContext, string path, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"Model file not found: {path}", path);
        return mlContext.Model.LoadGenreModel(path, out inputSchema);
    }

    /// <summary>Remembers the state behind a fitted musicnn mapping, for saving.</summary>
    internal static void Register(ITransformer mapping, MusicnnEmbeddingState state) => States.AddOrUpdate(mapping, state);

    /// <summary>The states of the musicnn embeddings in <paramref name="model"/>, in the order ML.NET saves (and loads) them.</summary>
    internal static List<MusicnnEmbeddingState> CollectStates(ITransformer model)
        => Collect(model).Select(t => States.TryGetValue(t, out var s) ? s
            : throw new InvalidOperationException("A musicnn embedding in this model has no state; was it created by MusicnnEmbeddingEstimator?")).ToList();

    /// <summary>Writes one zip entry per state (replacing stale ones).</summary>
    internal static void WriteEntries(ZipArchive zip, IReadOnlyList<MusicnnEmbeddingState> states)
    {
        foreach (var stale in zip.Entries.Where(e => e.FullName.StartsWith(EntryPrefix, StringComparison.Ordinal)).ToList()) stale.Delete();
        for (var i = 0; i < states.Count; i++)
        {
            using var stream = zip.CreateEntry($"{EntryPrefix}{i}.bin", CompressionLevel.Optimal).Open();
            states[i].Write(stream);
        }
    }

    /// <summary>Reads the musicnn entries of a model zip, in index order.</summary>
    /// <exception cref="GenreModelFormatException">An entry is misnumbered, truncated or corrupted.</exception>
    internal static List<MusicnnEmbeddingState> ReadEntries(ZipArchive zip, string source)
    {
        var states = new List<MusicnnEmbeddingState>();
        try
        {
            var entries = zip.Entries.Where(e => e.FullName.StartsWith(EntryPrefix, StringComparison.Ordinal))
                .Select(e => (Entry: e, Index: int.TryParse(Path.GetFileNameWithoutExtension(e.Name), out var n) ? n : -1))
                .OrderBy(e => e.Index).ToList();
            for (var i = 0; i < entries.Count; i++)
            {
                if (entries[i].Index != i)
                    throw new GenreModelFormatException(source, $"unexpected musicnn entry {entries[i].Entry.FullName}.");
                using var stream = entries[i].Entry.Open();
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                buffer.Position = 0;
                states.Add(MusicnnEmbeddingState.Read(buffer, $"{source}!{entries[i].Entry.FullName}"));
            }
            return states;
        }
        catch (InvalidDataException e)
        {
            foreach (var state in states) state.Embedder.Network.Dispose();
            throw new GenreModelFormatException(source, e.Message, e);
        }
    }

    /// <summary>Makes <paramref name="states"/> available to the mapping factories while ML.NET loads the chain.</summary>
    /// <remarks>Entries the chain does not use are caught by <see cref="AttachStates"/>.</remarks>
    internal static IDisposable BeginLoading(List<MusicnnEmbeddingState> states)
    {
        var previous = Pending.Value;
        Pending.Value = new Queue<MusicnnEmbeddingState>(states);
        return new LoadingScope(previous);
    }

    /// <summary>After loading: ties each loaded musicnn mapping to its state, so the model can be saved again.</summary>
    internal static void AttachStates(ITransformer loaded, List<MusicnnEmbeddingState> states, string source)
    {
        var mappings = Collect(loaded).ToList();
        if (mappings.Count != states.Count)
            throw new GenreModelFormatException(source, $"the model has {mappings.Count} musicnn embeddings but the file holds {states.Count} entries.");
        for (var i = 0; i < mappings.Count; i++) States.AddOrUpdate(mappings[i], states[i]);
    }

    /// <summary>Called by the mapping factories while a model loads: the next saved state.</summary>
    internal static MusicnnEmbeddingState TakePending(string contract)
    {
        var queue = Pending.Value
            ?? throw new InvalidOperationException(
                $"This model contains a musicnn embedding ({contract}); load it with mlContext.Model.LoadGenreModel(path, out schema) (using MusicGenre.MLNet.Persistence), not mlContext.Model.Load.");
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

    private sealed class LoadingScope(Queue<MusicnnEmbeddingState>? previous) : IDisposable
    {
        public void Dispose() => Pending.Value = previous;
    }
}
