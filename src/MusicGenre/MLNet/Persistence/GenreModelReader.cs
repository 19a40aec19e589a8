using Microsoft.ML;
using Microsoft.ML.Data;
using MusicGenre.Torch;

namespace MusicGenre.MLNet.Persistence;

/// <summary>
/// Rebuilds the chain of a verified model file in one pass over its steps: each MusicGenre step by the codec of its
/// kind, each ML.NET segment with ML.NET's own <c>Model.Load</c> (label-only ones wrapped so they are skipped without a
/// label), then checks that the whole chain fits the stored input schema. Whatever fails becomes one
/// <see cref="GenreModelFormatException"/> naming the step; networks already built are disposed.
/// </summary>
internal static class GenreModelReader
{
    public static ITransformer Load(ModelOperationsCatalog catalog, VerifiedModelFile file, ComputeDevice device, out DataViewSchema inputSchema)
    {
        var parts = new List<ITransformer>();
        string? part = LoaderDecoy.SchemaEntry;
        try
        {
            inputSchema = LoaderDecoy.ReadInputSchema(file.Entries[LoaderDecoy.SchemaEntry]);
            var steps = file.Manifest.Steps;
            for (int i = 0; i < steps.Count; i++)
            {
                var step = steps[i];
                part = $"step {i} ({step.Kind})";
                if (step.Kind == ManifestStep.MLNetKind)
                {
                    var segment = LoadSegment(catalog, file.Entries[step.Entries[0]]);
                    parts.Add(step.LabelOnly == true ? new LabelOnlyTransformer(segment, step.Requires ?? []) : segment);
                }
                else
                {
                    parts.Add(StepCodecs.ForKind(step.Kind)!.Read(ReaderFor(file, i, device)));
                }
            }
            part = "the chain";
            var chain = new TransformerChain<ITransformer>([.. parts]);
            chain.GetOutputSchema(inputSchema);
            return chain;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            foreach (var built in parts) Release(built);
            if (e is GenreModelFormatException) throw;
            throw new GenreModelFormatException(file.Source, part, Explain(e), e);
        }
    }

    /// <summary>A reader over step <paramref name="index"/>'s options and entries (entry names relative to its folder).</summary>
    public static StepReader ReaderFor(VerifiedModelFile file, int index, ComputeDevice device)
    {
        var step = file.Manifest.Steps[index];
        var prefix = $"steps/{index}/";
        var entries = step.Entries.ToDictionary(e => e[prefix.Length..], e => file.Entries[e], StringComparer.Ordinal);
        return new StepReader(file.Source, index, step.Kind, step.Options, entries, device);
    }

    /// <summary>Frees the native weights of a step built before loading failed.</summary>
    private static void Release(ITransformer step)
    {
        switch (step)
        {
            case GenreNetworkTransformer network: network.Model.Dispose(); break;
            case MusicnnEmbeddingTransformer musicnn: musicnn.Embedder.Dispose(); break;
        }
    }

    private static ITransformer LoadSegment(ModelOperationsCatalog catalog, byte[] content)
    {
        var loaded = catalog.Load(new MemoryStream(content, writable: false), out _);
        var parts = ChainPlan.Flatten(loaded).ToArray();
        return parts.Length == 1 ? parts[0] : new TransformerChain<ITransformer>(parts);
    }

    private static string Explain(Exception e) => e switch
    {
        FileNotFoundException missing when missing.FileName?.StartsWith("Microsoft.ML", StringComparison.Ordinal) == true
            => $"ML.NET needs the assembly '{missing.FileName.Split(',')[0]}', which this application does not reference; add its NuGet package " +
               "(for a LightGBM model: Microsoft.ML.LightGbm 5.0.1).",
        _ => e.Message,
    };
}
