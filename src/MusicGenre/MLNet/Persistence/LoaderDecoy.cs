using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MusicGenre.MLNet.Persistence;

/// <summary>
/// The two root entries that make a plain <c>mlContext.Model.Load</c> of a MusicGenre model fail with one exception
/// whose own message names <c>LoadGenreModel</c>: ML.NET's <c>Schema</c> entry (the model's input schema, also read
/// by <c>LoadGenreModel</c>) and the <c>TransformerChain/Model.key</c> of an empty chain, whose header names as its
/// loader assembly a sentence. ML.NET loads that assembly by name before anything else, outside any wrapper, so
/// <c>Model.Load</c> throws <see cref="FileNotFoundException"/>: "Could not load file or assembly 'MusicGenre model
/// file. Load it with mlContext.Model.LoadGenreModel ...'". The header is rewritten field by field (the assembly name
/// is its last variable part), so any length works.
/// </summary>
internal static class LoaderDecoy
{
    public const string SchemaEntry = "Schema";
    public const string ChainEntry = "TransformerChain/Model.key";

    /// <summary>Parses as an assembly simple name: no ',', ':', '(' or '='.</summary>
    public const string Hint = "MusicGenre model file. Load it with mlContext.Model.LoadGenreModel from the namespace MusicGenre.MLNet.Persistence";

    private const ulong HeaderSignature = 0x4C45444F4D004C4DUL;
    private const ulong TailSignature = 0x4D4C004D4F44454CUL;
    private const int FpTail = 0x80, FpLim = 0x88, FpAssemblyName = 0x90, CbAssemblyName = 0x98, HeaderSize = 0x100;

    /// <summary>The decoy's entries, holding <paramref name="inputSchema"/>.</summary>
    public static IReadOnlyList<(string Name, byte[] Content)> Create(ModelOperationsCatalog catalog, DataViewSchema inputSchema)
    {
        using var saved = new MemoryStream();
        catalog.Save(new TransformerChain<ITransformer>(), inputSchema, saved);
        saved.Position = 0;
        using var zip = new ZipArchive(saved, ZipArchiveMode.Read);
        return [(SchemaEntry, ReadEntry(zip, SchemaEntry)), (ChainEntry, PointToLoadGenreModel(ReadEntry(zip, ChainEntry)))];
    }

    /// <summary>The input schema stored in the decoy's <c>Schema</c> entry.</summary>
    public static DataViewSchema ReadInputSchema(byte[] schemaEntry)
        => new MLContext().Data.LoadFromBinary(new BytesSource(schemaEntry)).Schema;

    /// <summary>An ML.NET model header with its loader assembly name replaced by <see cref="Hint"/>.</summary>
    internal static byte[] PointToLoadGenreModel(byte[] modelKey)
    {
        if (modelKey.Length < HeaderSize || BinaryPrimitives.ReadUInt64LittleEndian(modelKey) != HeaderSignature)
            throw new InvalidOperationException("ML.NET wrote an unexpected model header.");
        long nameAt = BinaryPrimitives.ReadInt64LittleEndian(modelKey.AsSpan(FpAssemblyName));
        if (nameAt < HeaderSize || nameAt > modelKey.Length)
            throw new InvalidOperationException("ML.NET wrote a model header without a loader assembly name.");
        var name = Encoding.Unicode.GetBytes(Hint);
        var result = new byte[nameAt + name.Length + sizeof(ulong)];
        modelKey.AsSpan(0, (int)nameAt).CopyTo(result);
        name.CopyTo(result, nameAt);
        BinaryPrimitives.WriteUInt64LittleEndian(result.AsSpan((int)nameAt + name.Length), TailSignature);
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(CbAssemblyName), (uint)name.Length);
        BinaryPrimitives.WriteInt64LittleEndian(result.AsSpan(FpTail), nameAt + name.Length);
        BinaryPrimitives.WriteInt64LittleEndian(result.AsSpan(FpLim), nameAt + name.Length + sizeof(ulong));
        return result;
    }

    private static byte[] ReadEntry(ZipArchive zip, string name)
    {
        var entry = zip.GetEntry(name) ?? throw new InvalidOperationException($"ML.NET's model has no '{name}' entry.");
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>One in-memory stream for ML.NET's binary loader.</summary>
    private sealed class BytesSource(byte[] bytes) : IMultiStreamSource
    {
        public int Count => 1;

        public string? GetPathOrNull(int index) => null;

        public Stream Open(int index) => new MemoryStream(bytes, writable: false);

        public TextReader OpenTextReader(int index) => new StreamReader(Open(index));
    }
}
