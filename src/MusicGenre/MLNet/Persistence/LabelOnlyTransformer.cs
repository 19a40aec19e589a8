using Microsoft.ML;
using Microsoft.ML.Data;

namespace MusicGenre.MLNet.Persistence;

/// <summary>
/// A loaded step that only produces the label (for example <c>MapValueToKey("Label")</c> before a trainer): applied
/// when the input has the columns it needs, so <c>MulticlassClassification.Evaluate(model.Transform(labelled))</c>
/// works, and skipped when it has not, so a prediction engine's input class needs only the audio path.
/// </summary>
internal sealed class LabelOnlyTransformer : ITransformer
{
    public LabelOnlyTransformer(ITransformer inner, IReadOnlyList<string> requires)
    {
        Inner = inner;
        Requires = requires;
    }

    /// <summary>The wrapped ML.NET transformer(s).</summary>
    public ITransformer Inner { get; }

    /// <summary>The input columns without which the step is skipped.</summary>
    public IReadOnlyList<string> Requires { get; }

    public bool IsRowToRowMapper => Inner.IsRowToRowMapper;

    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => Applies(inputSchema) ? Inner.GetOutputSchema(inputSchema) : inputSchema;

    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
        => Applies(inputSchema) ? Inner.GetRowToRowMapper(inputSchema) : new IdentityRowMapper(inputSchema);

    public IDataView Transform(IDataView input) => Applies(input.Schema) ? Inner.Transform(input) : input;

    void ICanSaveModel.Save(ModelSaveContext ctx) => throw PlainSaveRefusal.For("label");

    private bool Applies(DataViewSchema schema) => Requires.All(c => schema.GetColumnOrNull(c) is not null);

    /// <summary>Passes rows through unchanged.</summary>
    private sealed class IdentityRowMapper(DataViewSchema schema) : IRowToRowMapper
    {
        public DataViewSchema InputSchema => schema;

        public DataViewSchema OutputSchema => schema;

        public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns) => dependingColumns;

        public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns) => new PassThroughRow(input);
    }

    /// <summary>The input row itself, seen through a row that does not dispose it.</summary>
    private sealed class PassThroughRow(DataViewRow input) : DataViewRow
    {
        public override long Position => input.Position;

        public override long Batch => input.Batch;

        public override DataViewSchema Schema => input.Schema;

        public override ValueGetter<DataViewRowId> GetIdGetter() => input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => input.IsColumnActive(column);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => input.GetGetter<TValue>(column);
    }
}
