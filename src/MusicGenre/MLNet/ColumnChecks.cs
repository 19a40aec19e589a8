using Microsoft.ML;
using Microsoft.ML.Data;

namespace MusicGenre.MLNet;

/// <summary>Input-column checks shared by the MusicGenre estimators; errors name the transform and the column.</summary>
internal static class ColumnChecks
{
    /// <summary>Checks that <paramref name="column"/> is a vector of Single (samples).</summary>
    public static void RequireSamples(DataViewSchema schema, string column, string transform)
    {
        var found = schema.GetColumnOrNull(column)
            ?? throw new ArgumentOutOfRangeException(nameof(schema), $"{transform}: input column '{column}' not found.");
        if (found.Type is not VectorDataViewType { ItemType: NumberDataViewType n } || n != NumberDataViewType.Single)
            throw new ArgumentOutOfRangeException(nameof(schema), $"{transform}: input column '{column}' must be a vector of Single (samples), not {found.Type}.");
    }

    /// <summary>Checks that <paramref name="column"/> is a vector of Single (samples).</summary>
    public static void RequireSamples(SchemaShape schema, string column, string transform)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var found = Find(schema, column, transform);
        if (found.Kind == SchemaShape.Column.VectorKind.Scalar || found.ItemType != NumberDataViewType.Single)
            throw new ArgumentOutOfRangeException(nameof(schema), $"{transform}: input column '{column}' must be a vector of Single (samples).");
    }

    /// <summary>Checks that <paramref name="column"/> is scalar text.</summary>
    public static void RequireText(DataViewSchema schema, string column, string transform)
    {
        var found = schema.GetColumnOrNull(column)
            ?? throw new ArgumentOutOfRangeException(nameof(schema), $"{transform}: input column '{column}' not found.");
        if (found.Type is not TextDataViewType)
            throw new ArgumentOutOfRangeException(nameof(schema), $"{transform}: input column '{column}' must be text (a file path), not {found.Type}.");
    }

    /// <summary>Checks that <paramref name="column"/> is scalar text.</summary>
    public static void RequireText(SchemaShape schema, string column, string transform)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var found = Find(schema, column, transform);
        if (found.Kind != SchemaShape.Column.VectorKind.Scalar || found.ItemType is not TextDataViewType)
            throw new ArgumentOutOfRangeException(nameof(schema), $"{transform}: input column '{column}' must be text (a file path).");
    }

    private static SchemaShape.Column Find(SchemaShape schema, string column, string transform)
    {
        foreach (var c in schema)
            if (c.Name == column) return c;
        throw new ArgumentOutOfRangeException(nameof(schema), $"{transform}: input column '{column}' not found.");
    }
}
