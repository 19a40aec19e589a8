using Microsoft.ML;
using Microsoft.ML.Data;
using MusicGenre.Tests.TestInfrastructure;

namespace MusicGenre.Tests.MLNet;

/// <summary>Rows and helpers shared by the featurizer (LoadAudio / MelSpectrogram) tests.</summary>
public static class FeaturizerTestData
{
    public sealed class PathRow
    {
        public string Path { get; set; } = "";
        public string Label { get; set; } = "";
    }

    public sealed class SamplesRow
    {
        public float[] Samples { get; set; } = [];
    }

    /// <summary>Two GTZAN clips (skips where ../shared is absent).</summary>
    public static PathRow[] GtzanRows() =>
    [
        new() { Path = SharedData.GtzanClip("blues.00000"), Label = "blues" },
        new() { Path = SharedData.GtzanClip("metal.00000"), Label = "metal" },
    ];

    /// <summary>The float vectors of a column, in row order.</summary>
    public static List<float[]> Column(IDataView data, string name)
    {
        var column = data.Schema[name];
        var result = new List<float[]>();
        using var cursor = data.GetRowCursor([column]);
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        var buffer = default(VBuffer<float>);
        while (cursor.MoveNext())
        {
            getter(ref buffer);
            result.Add(buffer.DenseValues().ToArray());
        }
        return result;
    }

    /// <summary>The text values of a column, in row order.</summary>
    public static List<string> TextColumn(IDataView data, string name)
        => data.GetColumn<ReadOnlyMemory<char>>(name).Select(m => m.ToString()).ToList();

    /// <summary>ML.NET's <c>SchemaShape.Create</c> (internal there) for testing <c>GetOutputSchema</c>.</summary>
    public static SchemaShape ShapeOf(DataViewSchema schema)
        => (SchemaShape)typeof(SchemaShape).GetMethod("Create", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic,
            [typeof(DataViewSchema)])!.Invoke(null, [schema])!;
}
