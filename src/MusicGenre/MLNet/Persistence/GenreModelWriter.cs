using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MusicGenre.MLNet.Persistence;

/// <summary>
/// Writes a fitted chain as a model file (format version 2): the decoy ML.NET entries at the root, every step's
/// entries under <c>steps/N/</c> (MusicGenre steps by their codec, runs of ML.NET transformers as ML.NET's own zip
/// saved with the schema they read), and the manifest with the checksum of every entry, followed by the manifest's
/// own checksum.
/// </summary>
internal static class GenreModelWriter
{
    public static byte[] Write(ModelOperationsCatalog catalog, ITransformer model, DataViewSchema inputSchema, GenreModelMetadata? metadata)
    {
        var plan = ChainPlan.Of(model, inputSchema);
        var entries = new List<(string Name, byte[] Content)>(LoaderDecoy.Create(catalog, inputSchema));
        var steps = new List<ManifestStep>();
        for (int i = 0; i < plan.Steps.Count; i++)
        {
            var folder = $"steps/{i}/";
            switch (plan.Steps[i])
            {
                case GenreStep genre:
                    var payload = genre.Codec.Write(genre.Transformer);
                    steps.Add(new ManifestStep { Kind = genre.Codec.Kind, Options = payload.Options, Entries = payload.Entries.Select(e => folder + e.Name).ToList() });
                    entries.AddRange(payload.Entries.Select(e => (folder + e.Name, e.Content)));
                    break;
                case MLNetSegment segment:
                    var name = folder + "mlnet.zip";
                    steps.Add(new ManifestStep
                    {
                        Kind = ManifestStep.MLNetKind,
                        Entries = [name],
                        LabelOnly = segment.LabelOnly,
                        Requires = segment.LabelOnly ? segment.Requires : null,
                        Transformers = segment.Parts.Select(p => TypeName(p.GetType())).ToList(),
                    });
                    entries.Add((name, SaveSegment(catalog, segment)));
                    break;
            }
        }
        var manifest = new ModelManifest
        {
            Format = ModelManifest.FormatName,
            Version = ModelManifest.CurrentVersion,
            Library = LibraryVersion,
            Created = TruncateToSeconds(DateTimeOffset.UtcNow),
            Kind = plan.Kind,
            Genres = [.. plan.Genres],
            InputColumn = plan.InputColumn,
            LabelColumn = plan.LabelColumn,
            Steps = steps,
            Metadata = ManifestMetadata.From(metadata),
            Entries = entries.ToDictionary(e => e.Name, e => new ManifestEntry { Sha256 = ModelZip.Sha256(e.Content), Length = e.Content.Length }, StringComparer.Ordinal),
        };
        var manifestBytes = JsonSerializer.SerializeToUtf8Bytes(manifest, ModelManifest.Json);
        var checksum = Encoding.ASCII.GetBytes(ModelZip.Sha256(manifestBytes) + "\n");
        return ModelZip.Write([(ModelManifest.Entry, manifestBytes), (ModelManifest.ChecksumEntry, checksum), .. entries]);
    }

    /// <summary>The library's version as a manifest records it (for example <c>0.2.0</c>).</summary>
    public static string LibraryVersion { get; } =
        typeof(GenreModelWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(GenreModelWriter).Assembly.GetName().Version?.ToString() ?? "unknown";

    private static byte[] SaveSegment(ModelOperationsCatalog catalog, MLNetSegment segment)
    {
        using var saved = new MemoryStream();
        catalog.Save(new TransformerChain<ITransformer>([.. segment.Parts]), segment.InputSchema, saved);
        // Repacked with stored entries and a fixed time stamp: the same segment gives the same bytes.
        return ModelZip.Write(ModelZip.ReadAll(saved.ToArray()));
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset time) => new(time.Ticks - time.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);

    private static string TypeName(Type type)
        => type.IsGenericType ? $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(", ", type.GenericTypeArguments.Select(TypeName))}>" : type.Name;
}
