using Microsoft.ML;
using Microsoft.ML.Data;

namespace MusicGenre.MLNet;

/// <summary>
/// The row mapping of a MusicGenre step: ML.NET's <c>CustomMapping</c> built in memory, with the step's input and
/// output columns named by schema definitions (so no internal columns are copied in or dropped). It is never saved:
/// the step itself is saved by <c>SaveGenreModel</c> from its options and weights.
/// </summary>
/// <typeparam name="TIn">Input row (fields renamed to the user's columns by <see cref="Input"/>).</typeparam>
/// <typeparam name="TOut">Output row (fields renamed by <see cref="Output"/>).</typeparam>
internal sealed class InMemoryMapping<TIn, TOut>
    where TIn : class, new()
    where TOut : class, new()
{
    private readonly MLContext mlContext = new();

    public InMemoryMapping(SchemaDefinition input, SchemaDefinition output)
    {
        Input = input;
        Output = output;
    }

    public SchemaDefinition Input { get; }

    public SchemaDefinition Output { get; }

    /// <summary>The fitted mapping transformer running <paramref name="map"/> per row.</summary>
    public ITransformer Create(Action<TIn, TOut> map)
        => mlContext.Transforms.CustomMapping(map, null, Input, Output)
            .Fit(mlContext.Data.LoadFromEnumerable(Array.Empty<TIn>(), Input));

    /// <summary>The output shape for an input shape (the columns the mapping adds).</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
        => mlContext.Transforms.CustomMapping<TIn, TOut>(static (_, _) => { }, null, Input, Output).GetOutputSchema(inputSchema);

    /// <summary>A read definition of <typeparamref name="TIn"/> with its field <paramref name="field"/> read from <paramref name="column"/>.</summary>
    public static SchemaDefinition InputFrom(string field, string column, DataViewType? type = null)
    {
        var definition = SchemaDefinition.Create(typeof(TIn), SchemaDefinition.Direction.Read);
        var member = definition[field];
        member.ColumnName = column;
        if (type is not null) member.ColumnType = type;
        return definition;
    }

    /// <summary>
    /// A write definition of <typeparamref name="TOut"/>; <paramref name="columns"/> maps field → user column, fields
    /// not named are left out. Index the result by the user's column names (a definition is indexed by column name).
    /// </summary>
    public static SchemaDefinition OutputTo(params (string Field, string Column)[] columns)
    {
        var definition = SchemaDefinition.Create(typeof(TOut), SchemaDefinition.Direction.Write);
        var named = columns.Select(c => c.Field).ToHashSet(StringComparer.Ordinal);
        definition.RemoveAll(c => !named.Contains(c.MemberName));
        foreach (var (field, column) in columns) definition[field].ColumnName = column;
        return definition;
    }
}
