using Microsoft.ML;
using Microsoft.ML.Data;
using MusicGenre.Features;
using MusicGenre.MLNet.Persistence;

namespace MusicGenre.MLNet;

/// <summary>
/// Summarises a samples column into a fixed-length vector (MFCC, chroma, spectral centroid and zero-crossing rate,
/// mean and std over frames) for ML.NET's built-in trainers: the classical genre baseline.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term>Needs training?</term><description>No.</description></item>
/// <item><term>Input column</term><description>Vector of <see cref="float"/>: mono samples at the options' sample rate.</description></item>
/// <item><term>Output column</term><description>Vector of <see cref="float"/> of known size <see cref="SummaryFeaturesOptions.FeatureCount"/> (68), with slot names (lost after loading a saved model); NaN for an empty signal.</description></item>
/// <item><term>Package</term><description>MusicGenre</description></item>
/// </list>
/// Create it with <c>mlContext.Transforms.SummaryFeatures(...)</c>; a typical chain is
/// <c>LoadAudio → SummaryFeatures → NormalizeMeanVariance → SdcaMaximumEntropy</c>.
/// </remarks>
public sealed class SummaryFeaturesEstimator : IEstimator<SummaryFeaturesTransformer>
{
    private readonly TransformsCatalog _catalog;
    private readonly SummaryFeaturesOptions _options;

    internal SummaryFeaturesEstimator(TransformsCatalog catalog, string outputColumnName, string? inputColumnName, SummaryFeaturesOptions? options)
    {
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        OutputColumnName = outputColumnName;
        InputColumnName = string.IsNullOrEmpty(inputColumnName) ? outputColumnName : inputColumnName;
        _options = (options ?? new SummaryFeaturesOptions()).Clone();
        _options.Validate(nameof(options));
    }

    /// <summary>The output column.</summary>
    public string OutputColumnName { get; }

    /// <summary>The samples column.</summary>
    public string InputColumnName { get; }

    /// <summary>Checks the input schema and builds the transformer.</summary>
    /// <param name="input">Data holding the samples column.</param>
    /// <exception cref="ArgumentOutOfRangeException">The samples column is missing or not a float vector.</exception>
    public SummaryFeaturesTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ColumnChecks.RequireSamples(input.Schema, InputColumnName, "SummaryFeatures");
        PersistableMapping.RegisterWith<RowAnchorMapping>(_catalog);
        return new SummaryFeaturesTransformer(PersistableMapping.Fit(CreateChain(), input), OutputColumnName, InputColumnName, _options);
    }

    /// <summary>The schema after the transform.</summary>
    /// <param name="inputSchema">The input schema shape.</param>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ColumnChecks.RequireSamples(inputSchema, InputColumnName, "SummaryFeatures");
        return CreateChain().GetOutputSchema(inputSchema);
    }

    private IEstimator<ITransformer> CreateChain()
    {
        var definition = SchemaDefinition.Create(typeof(SummaryFeaturesMappingOutput), SchemaDefinition.Direction.Write);
        var column = definition[SummaryFeaturesMappingOutput.FeaturesColumn];
                var names = new SummaryFeatures(_options).FeatureNames.Select(n => n.AsMemory()).ToArray();
        column.AddAnnotation("SlotNames", new VBuffer<ReadOnlyMemory<char>>(names.Length, names),
            new VectorDataViewType(TextDataViewType.Instance, names.Length));
        return PersistableMapping.CreateEstimator<SummaryFeaturesMappingInput, SummaryFeaturesMappingOutput>(
            _catalog,
            SummaryFeaturesMapping.Map,
            SummaryFeaturesMapping.ContractName,
            OptionsPayload.Encode(_options),
            SummaryFeaturesMappingInput.OptionsColumn,
            [(InputColumnName, SummaryFeaturesMappingInput.SamplesColumn)],
            firstInputIsFloatVector: true,
            [(SummaryFeaturesMappingOutput.FeaturesColumn, OutputColumnName)],
            definition);
    }
}
