using Microsoft.ML;
using Microsoft.ML.Data;

namespace MusicGenre.MLNet.Persistence;

/// <summary>
/// A fitted chain flattened into the steps a model file stores: each MusicGenre step on its own, and every maximal
/// run of ML.NET's own transformers as one segment with the schema it reads. A built-in that only produces the label
/// (such as <c>MapValueToKey("Label")</c>) is a segment of its own, marked label-only, so the loaded model can skip
/// it when the input has no label. Also works out the model's kind, genres and input and label columns.
/// </summary>
internal sealed class ChainPlan
{
    private ChainPlan(IReadOnlyList<PlannedStep> steps, string kind, IReadOnlyList<string> genres, string? inputColumn, string? labelColumn)
    {
        Steps = steps;
        Kind = kind;
        Genres = genres;
        InputColumn = inputColumn;
        LabelColumn = labelColumn;
    }

    public IReadOnlyList<PlannedStep> Steps { get; }

    public string Kind { get; }

    public IReadOnlyList<string> Genres { get; }

    /// <summary>The audio path column when the chain starts with <c>LoadAudio</c>, else null.</summary>
    public string? InputColumn { get; }

    /// <summary>The input column the label-only steps read, or null when there are none.</summary>
    public string? LabelColumn { get; }

    /// <exception cref="ArgumentException">The chain does not fit <paramref name="inputSchema"/>.</exception>
    public static ChainPlan Of(ITransformer model, DataViewSchema inputSchema)
    {
        var parts = Flatten(model).ToList();
        var loadAudio = parts.FirstOrDefault() as LoadAudioTransformer;
        // The columns a prediction need not have: everything but the audio path when the chain starts at the audio,
        // else ML.NET's conventional label column.
        var labelDerived = inputSchema.Where(c => !c.IsHidden).Select(c => c.Name)
            .Where(n => loadAudio is null ? n == "Label" : n != loadAudio.InputColumnName)
            .ToHashSet(StringComparer.Ordinal);
        var steps = new List<PlannedStep>();
        var schema = inputSchema;
        string? labelColumn = null;
        foreach (var part in parts)
        {
            DataViewSchema output;
            try
            {
                output = part.GetOutputSchema(schema);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                throw new ArgumentException($"Step {steps.Count} ({part.GetType().Name}) does not fit the schema before it: {e.Message}", nameof(model), e);
            }
            if (StepCodecs.ForTransformer(part) is { } codec)
            {
                steps.Add(new GenreStep(codec, part));
            }
            else
            {
                var (labelOnly, requires) = part is LabelOnlyTransformer known ? (true, known.Requires.ToList()) : LabelOnly(part, schema, output, labelDerived);
                if (labelOnly)
                {
                    labelColumn ??= requires.FirstOrDefault(r => inputSchema.GetColumnOrNull(r) is not null);
                    foreach (var name in Changed(schema, output)) labelDerived.Add(name);
                }
                var inner = part is LabelOnlyTransformer wrapped ? Flatten(wrapped.Inner) : [part];
                if (steps.LastOrDefault() is MLNetSegment last && last.LabelOnly == labelOnly)
                {
                    last.Parts.AddRange(inner);
                    foreach (var r in requires.Where(r => !last.Requires.Contains(r))) last.Requires.Add(r);
                }
                else
                {
                    steps.Add(new MLNetSegment([.. inner], schema, labelOnly, requires));
                }
            }
            schema = output;
        }
        if (steps.Count == 0) throw new ArgumentException("The model has no steps to save.", nameof(model));
        var genres = GenreNames(schema);
        return new ChainPlan(steps, KindOf(parts, genres), genres, loadAudio?.InputColumnName, labelColumn);
    }

    /// <summary>
    /// The chain's transformers as a loaded model has them: flattened, with each label-only segment wrapped so it is
    /// skipped when the input has no label.
    /// </summary>
    public IReadOnlyList<ITransformer> AsLoaded()
        => Steps.SelectMany(step => step switch
        {
            GenreStep genre => [genre.Transformer],
            MLNetSegment { LabelOnly: true } segment => [new LabelOnlyTransformer(new TransformerChain<ITransformer>([.. segment.Parts]), segment.Requires)],
            MLNetSegment segment => segment.Parts,
            _ => Enumerable.Empty<ITransformer>(),
        }).ToList();

    /// <summary>The transformers of a chain, nested chains opened, in order.</summary>
    public static IEnumerable<ITransformer> Flatten(ITransformer transformer)
    {
        if (transformer is IEnumerable<ITransformer> chain)
        {
            foreach (var inner in chain)
                foreach (var leaf in Flatten(inner)) yield return leaf;
        }
        else
        {
            yield return transformer;
        }
    }

    /// <summary>The genre names in score order: the slot names of <c>Score</c>, else the key values of <c>PredictedLabel</c>.</summary>
    public static List<string> GenreNames(DataViewSchema schema)
    {
        var names = default(VBuffer<ReadOnlyMemory<char>>);
        if (schema.GetColumnOrNull("Score") is { Type: VectorDataViewType { ItemType: NumberDataViewType } } score
            && score.Annotations.Schema.GetColumnOrNull("SlotNames") is { Type: VectorDataViewType { ItemType: TextDataViewType } })
        {
            score.GetSlotNames(ref names);
            return names.DenseValues().Select(n => n.ToString()).ToList();
        }
        if (schema.GetColumnOrNull("PredictedLabel") is { Type: KeyDataViewType } predicted
            && predicted.Annotations.Schema.GetColumnOrNull("KeyValues") is { Type: VectorDataViewType { ItemType: TextDataViewType } })
        {
            predicted.GetKeyValues(ref names);
            return names.DenseValues().Select(n => n.ToString()).ToList();
        }
        return [];
    }

    private static string KindOf(List<ITransformer> parts, List<string> genres)
    {
        if (parts.OfType<GenreNetworkTransformer>().FirstOrDefault() is { } network)
            return network.Model.Architecture is GenreModelKinds.CnnLstm or GenreModelKinds.CnnGru or GenreModelKinds.Crnn ? network.Model.Architecture : GenreModelKinds.Custom;
        if (parts.OfType<MusicnnEmbeddingTransformer>().FirstOrDefault() is { } musicnn)
            return musicnn.Embedder.IsFineTuned ? GenreModelKinds.MusicnnFineTune : GenreModelKinds.MusicnnLinear;
        if (parts.OfType<SummaryFeaturesTransformer>().Any() && genres.Count > 0) return GenreModelKinds.Classical;
        return GenreModelKinds.Custom;
    }

    /// <summary>
    /// A built-in is label-only when every column it changes is label-derived or new, and it cannot run without the
    /// label-derived columns. Returns the columns it needs (those whose absence alone stops it).
    /// </summary>
    private static (bool LabelOnly, List<string> Requires) LabelOnly(ITransformer part, DataViewSchema input, DataViewSchema output, HashSet<string> labelDerived)
    {
        var present = input.Where(c => !c.IsHidden && labelDerived.Contains(c.Name)).Select(c => c.Name).Distinct().ToList();
        var changed = Changed(input, output);
        if (changed.Count == 0 || changed.Any(n => !labelDerived.Contains(n) && input.GetColumnOrNull(n) is not null)) return (false, []);
        if (Runs(part, Without(input, present))) return (false, []);
        var requires = present.Where(name => !Runs(part, Without(input, [name]))).ToList();
        return (true, requires.Count > 0 ? requires : present);
    }

    /// <summary>
    /// Names whose column differs between the schemas: added, replaced (ML.NET keeps the replaced one hidden, so the
    /// name occurs more often; indices shift and cannot be compared) or removed.
    /// </summary>
    private static List<string> Changed(DataViewSchema input, DataViewSchema output)
    {
        var before = input.GroupBy(c => c.Name).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var changed = output.GroupBy(c => c.Name).Where(g => g.Count() > before.GetValueOrDefault(g.Key)).Select(g => g.Key).ToList();
        changed.AddRange(input.Where(c => !c.IsHidden && output.GetColumnOrNull(c.Name) is null).Select(c => c.Name));
        return changed.Distinct(StringComparer.Ordinal).ToList();
    }

    private static bool Runs(ITransformer part, DataViewSchema schema)
    {
        try
        {
            part.GetOutputSchema(schema);
            return true;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private static DataViewSchema Without(DataViewSchema schema, IReadOnlyCollection<string> names)
    {
        var builder = new DataViewSchema.Builder();
        foreach (var column in schema.Where(c => !c.IsHidden && !names.Contains(c.Name)))
            builder.AddColumn(column.Name, column.Type, column.Annotations);
        return builder.ToSchema();
    }
}

/// <summary>One step of a <see cref="ChainPlan"/>.</summary>
internal abstract record PlannedStep;

/// <summary>A MusicGenre step, saved by its codec.</summary>
internal sealed record GenreStep(StepCodec Codec, ITransformer Transformer) : PlannedStep;

/// <summary>A run of ML.NET transformers, saved by ML.NET with the schema it reads.</summary>
internal sealed record MLNetSegment(List<ITransformer> Parts, DataViewSchema InputSchema, bool LabelOnly, List<string> Requires) : PlannedStep;
