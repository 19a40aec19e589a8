using System.IO.Compression;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Transforms;
using MusicGenre.Torch;

namespace MusicGenre.MLNet.Persistence;

/// <summary>
/// Whole-chain model files: ML.NET's own zip (written by <c>mlContext.Model.Save</c>) plus a
/// <c>MusicGenre/manifest.json</c> entry (format name and version), one <c>MusicGenre/network-N.bin</c> entry per
/// genre network in the chain (see <see cref="GenreNetworkSerializer"/>) and one <c>MusicGenre/Musicnn/N.bin</c> entry
/// per musicnn embedding (see <see cref="MusicnnModelFile"/>). ML.NET ignores the extra entries.
/// </summary>
internal static class GenreModelFile
{
    public const string FormatName = "MusicGenre.GenreModel";
    public const int FormatVersion = 1;
    public const string ManifestEntry = "MusicGenre/manifest.json";
    private const long MaxFileBytes = 2L << 30;

    [ThreadStatic] private static int savingDepth;

    /// <summary>True while <see cref="Save"/> runs ML.NET's writer on this thread.</summary>
    public static bool IsSaving => savingDepth > 0;

    internal sealed class Manifest
    {
        public string Format { get; set; } = "";
        public int Version { get; set; }
        public string Library { get; set; } = "";
        public int Networks { get; set; }
    }

    public static void Save(ModelOperationsCatalog catalog, ITransformer model, DataViewSchema? inputSchema, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(destination);
        var networks = new List<GenreNetworkTransformer>();
        Collect(model, networks);
        var embeddings = MusicnnModelFile.CollectStates(model);
        using var buffer = new MemoryStream();
        savingDepth++;
        try
        {
            catalog.Save(model, inputSchema, buffer);
        }
        finally
        {
            savingDepth--;
        }
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            var manifest = new Manifest
            {
                Format = FormatName,
                Version = FormatVersion,
                Library = typeof(GenreModelFile).Assembly.GetName().Version?.ToString() ?? "",
                Networks = networks.Count,
            };
            WriteEntry(zip, ManifestEntry, JsonSerializer.SerializeToUtf8Bytes(manifest));
            for (int i = 0; i < networks.Count; i++)
                WriteEntry(zip, NetworkEntry(i), GenreNetworkSerializer.Write(networks[i]));
            MusicnnModelFile.WriteEntries(zip, embeddings);
        }
        buffer.Position = 0;
        buffer.CopyTo(destination);
    }

    public static ITransformer Load(ModelOperationsCatalog catalog, Stream source, string sourceName, ComputeDevice device, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(source);
        var bytes = ReadAll(source, sourceName);
        var networks = new List<(Models.GenreNetworkModel Model, string Feature)>();
        List<MusicnnEmbeddingState> embeddings = [];
        try
        {
            using (var zip = OpenZip(bytes, sourceName))
            {
                embeddings = MusicnnModelFile.ReadEntries(zip, sourceName);
                var manifest = ReadManifest(zip, sourceName);
                for (int i = 0; i < manifest.Networks; i++)
                {
                    var entry = zip.GetEntry(NetworkEntry(i))
                        ?? throw new GenreModelFormatException(sourceName, $"the manifest lists {manifest.Networks} networks but entry '{NetworkEntry(i)}' is missing.");
                    networks.Add(GenreNetworkSerializer.Read(ReadEntry(entry, sourceName), sourceName, device));
                }
            }
            RegisterAssembly(catalog);
            ITransformer loaded;
            using (GenreNetworkMappingFactory.BeginLoading())
            using (MusicnnModelFile.BeginLoading(embeddings))
            {
                try
                {
                    loaded = catalog.Load(new MemoryStream(bytes, writable: false), out inputSchema);
                }
                catch (Exception e) when (e is InvalidOperationException or FormatException or InvalidDataException or EndOfStreamException)
                {
                    throw new GenreModelFormatException(sourceName, "ML.NET could not read the chain: " + e.Message, e);
                }
            }
            int next = 0;
            var result = Rebuild(loaded, networks, ref next);
            if (next != networks.Count)
                throw new GenreModelFormatException(sourceName, $"the file holds {networks.Count} networks but its chain uses {next}.");
            MusicnnModelFile.AttachStates(result, embeddings, sourceName);
            return result;
        }
        catch
        {
            foreach (var (model, _) in networks) model.Dispose();
            foreach (var state in embeddings) state.Embedder.Network.Dispose();
            throw;
        }
    }

    private static ITransformer Rebuild(ITransformer transformer, List<(Models.GenreNetworkModel Model, string Feature)> networks, ref int next)
    {
        if (transformer is CustomMappingTransformer<GenreNetworkInput, GenreNetworkOutput>)
        {
            if (next >= networks.Count) throw new GenreModelFormatException("model", "its chain has more networks than stored weights.");
            var (model, feature) = networks[next++];
            return new GenreNetworkTransformer(model, feature, []);
        }
        if (transformer is TransformerChain<ITransformer> chain)
        {
            var parts = new List<ITransformer>();
            foreach (var part in chain) parts.Add(Rebuild(part, networks, ref next));
            return new TransformerChain<ITransformer>(parts.ToArray());
        }
        return transformer;
    }

    private static void Collect(ITransformer transformer, List<GenreNetworkTransformer> networks)
    {
        if (transformer is GenreNetworkTransformer network) networks.Add(network);
        else if (transformer is IEnumerable<ITransformer> chain)
            foreach (var part in chain) Collect(part, networks);
    }

    private static string NetworkEntry(int index) => $"MusicGenre/network-{index}.bin";

    private static void WriteEntry(ZipArchive zip, string name, byte[] content)
    {
        zip.GetEntry(name)?.Delete();
        using var stream = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
        stream.Write(content);
    }

    private static byte[] ReadAll(Stream source, string sourceName)
    {
        if (source.CanSeek && source.Length - source.Position > MaxFileBytes)
            throw new GenreModelFormatException(sourceName, $"it is {source.Length} bytes, more than a genre model can be ({MaxFileBytes}).");
        using var copy = new MemoryStream();
        source.CopyTo(copy);
        if (copy.Length == 0) throw new GenreModelFormatException(sourceName, "it is empty.");
        return copy.ToArray();
    }

    private static ZipArchive OpenZip(byte[] bytes, string sourceName)
    {
        try
        {
            return new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
        }
        catch (InvalidDataException e)
        {
            throw new GenreModelFormatException(sourceName, "it is not a model zip, or it is truncated (" + e.Message + ").", e);
        }
    }

    private static Manifest ReadManifest(ZipArchive zip, string sourceName)
    {
        var entry = zip.GetEntry(ManifestEntry)
            ?? throw new GenreModelFormatException(sourceName,
                $"it has no '{ManifestEntry}' entry, so it was not written by SaveGenreModel. A plain ML.NET model loads with mlContext.Model.Load.");
        Manifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<Manifest>(ReadEntry(entry, sourceName)) ?? throw new JsonException("empty manifest");
        }
        catch (JsonException e)
        {
            throw new GenreModelFormatException(sourceName, "its manifest is not valid: " + e.Message, e);
        }
        if (manifest.Format != FormatName)
            throw new GenreModelFormatException(sourceName, $"its manifest names the format '{manifest.Format}', not '{FormatName}'.");
        if (manifest.Version < 1 || manifest.Version > FormatVersion)
            throw new GenreModelFormatException(sourceName, $"it is format version {manifest.Version} (MusicGenre {manifest.Library}); this MusicGenre reads version 1 to {FormatVersion}.");
        if (manifest.Networks < 0 || manifest.Networks > 64)
            throw new GenreModelFormatException(sourceName, $"its manifest lists {manifest.Networks} networks.");
        return manifest;
    }

    private static byte[] ReadEntry(ZipArchiveEntry entry, string sourceName)
    {
        if (entry.Length > MaxFileBytes)
            throw new GenreModelFormatException(sourceName, $"entry '{entry.FullName}' claims {entry.Length} bytes.");
        try
        {
            using var stream = entry.Open();
            using var copy = new MemoryStream((int)entry.Length);
            stream.CopyTo(copy);
            if (copy.Length != entry.Length)
                throw new GenreModelFormatException(sourceName, $"entry '{entry.FullName}' is {copy.Length} bytes instead of {entry.Length} (truncated).");
            return copy.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new GenreModelFormatException(sourceName, $"entry '{entry.FullName}' is corrupted ({e.Message}).", e);
        }
    }

    /// <summary>Registers this assembly's custom-mapping factories with the context behind <paramref name="catalog"/>.</summary>
    private static void RegisterAssembly(ModelOperationsCatalog catalog)
    {
        if (CatalogEnvironment.GetComponentCatalog(catalog) is { } components)
            components.RegisterAssembly(typeof(GenreModelFile).Assembly);
        else
            throw new InvalidOperationException("Cannot reach the MLContext's component catalog; call mlContext.ComponentCatalog.RegisterAssembly(typeof(MusicGenre.MLNet.GenreNetworkTransformer).Assembly) before loading.");
    }
}
