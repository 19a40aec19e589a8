using System.ComponentModel;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace MusicGenre.MLNet.Persistence;

/// <summary>Input row of <see cref="RowAnchorMapping"/> (infrastructure of <see cref="PersistableMapping"/>).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class RowAnchorInput
{
    /// <summary>Column read by the mapping.</summary>
    public const string ColumnName = "__MusicGenre_AnchorInput";

    /// <summary>Any float vector; its values are not read.</summary>
    [ColumnName(ColumnName)]
    public VBuffer<float> Values { get; set; }
}

/// <summary>Output row of <see cref="RowAnchorMapping"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class RowAnchorOutput
{
    /// <summary>Column written by the mapping.</summary>
    public const string ColumnName = "__MusicGenre_Anchor";

    /// <summary>Always 0: a scalar column that ML.NET's Expression transform can take as its input.</summary>
    [ColumnName(ColumnName)]
    public float Anchor { get; set; }
}

/// <summary>
/// Produces a scalar column from a float-vector column so that a constant options column can be made with ML.NET's
/// Expression transform (which takes scalar inputs only). Contract <c>MusicGenre.RowAnchor.v1</c>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[CustomMappingFactoryAttribute(ContractName)]
public sealed class RowAnchorMapping : CustomMappingFactory<RowAnchorInput, RowAnchorOutput>
{
    /// <summary>The contract name saved in models.</summary>
    public const string ContractName = "MusicGenre.RowAnchor.v1";

    /// <inheritdoc />
    public override Action<RowAnchorInput, RowAnchorOutput> GetMapping() => static (_, output) => output.Anchor = 0f;
}
