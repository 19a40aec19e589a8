using Microsoft.ML;
using Microsoft.ML.Data;
using MusicGenre.Features;

namespace MusicGenre.MLNet;

/// <summary>
/// The fitted <see cref="SummaryFeaturesEstimator"/>: adds a vector of <see cref="SummaryFeaturesOptions.FeatureCount"/>
/// (68) values with slot names; an empty signal (a skipped file) gives a row of NaN (ML.NET's missing value).
/// </summary>
/// <remarks>
/// Save models that contain it with <c>mlContext.Model.SaveGenreModel</c>; a loaded model has the same output type
/// and slot names. Thread-safe: each row borrows its own extractor.
/// </remarks>
public sealed class SummaryFeaturesTransformer : ITransformer
{
    private readonly SummaryFeaturesOptions options;
    private readonly InMemoryMapping<StepSamplesRow, StepVectorRow> schema;
    private readonly ITransformer mapping;
    private readonly ExtractorPool<SummaryFeatures> extractors;

    internal SummaryFeaturesTransformer(string outputColumnName, string inputColumnName, SummaryFeaturesOptions options)
    {
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName;
        this.options = options.Clone();
        var copy = this.options;
        extractors = new ExtractorPool<SummaryFeatures>(() => new SummaryFeatures(copy));
        var names = extractors.Use(e => e.FeatureNames).Select(n => n.AsMemory()).ToArray();
        var output = InMemoryMapping<StepSamplesRow, StepVectorRow>.OutputTo((nameof(StepVectorRow.Values), outputColumnName));
        var column = output[outputColumnName];
        column.ColumnType = new VectorDataViewType(NumberDataViewType.Single, names.Length);
        column.AddAnnotation("SlotNames", new VBuffer<ReadOnlyMemory<char>>(names.Length, names), new VectorDataViewType(TextDataViewType.Instance, names.Length));
        schema = new InMemoryMapping<StepSamplesRow, StepVectorRow>(
            InMemoryMapping<StepSamplesRow, StepVectorRow>.InputFrom(nameof(StepSamplesRow.Samples), inputColumnName, new VectorDataViewType(NumberDataViewType.Single)),
            output);
        mapping = schema.Create(Map);
    }

    /// <summary>The output column.</summary>
    public string OutputColumnName { get; }

    /// <summary>The samples column.</summary>
    public string InputColumnName { get; }

    /// <summary>A copy of the options.</summary>
    public SummaryFeaturesOptions Options => options.Clone();

    /// <inheritdoc />
    public bool IsRowToRowMapper => true;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => mapping.GetOutputSchema(inputSchema);

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => mapping.GetRowToRowMapper(inputSchema);

    /// <inheritdoc />
    public IDataView Transform(IDataView input) => mapping.Transform(input);

    void ICanSaveModel.Save(ModelSaveContext ctx) => throw PlainSaveRefusal.For("SummaryFeatures");

    internal SchemaShape GetOutputSchemaShape(SchemaShape inputSchema) => schema.GetOutputSchema(inputSchema);

    private void Map(StepSamplesRow input, StepVectorRow output)
    {
        var samples = input.Samples ?? [];
        output.Values = extractors.Use(extractor =>
        {
            if (samples.Length > 0) return extractor.Compute(samples);
            var missing = new float[extractor.FeatureCount];
            missing.AsSpan().Fill(float.NaN);
            return missing;
        });
    }
}
