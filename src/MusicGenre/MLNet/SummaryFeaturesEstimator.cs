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
public sealed class SummaryFeaturesEstimator : FeaturizerEstimator<SummaryFeaturesTransformer>
{
    private readonly SummaryFeaturesOptions _options;

    internal SummaryFeaturesEstimator(TransformsCatalog catalog, string outputColumnName, string? inputColumnName, SummaryFeaturesOptions? options)
        : base(catalog, "SummaryFeatures", textInput: false, outputColumnName, inputColumnName)
    {
        _options = (options ?? new SummaryFeaturesOptions()).Clone();
        _options.Validate(nameof(options));
    }

    private protected override SummaryFeaturesTransformer CreateTransformer(TransformerChain<ITransformer> chain)
        => new(chain, OutputColumnName, InputColumnName, _options);

    private protected override IEstimator<ITransformer> CreateChain()
    {
        var definition = SchemaDefinition.Create(typeof(SummaryFeaturesMappingOutput), SchemaDefinition.Direction.Write);
        var column = definition[SummaryFeaturesMappingOutput.FeaturesColumn];
                var names = new SummaryFeatures(_options).FeatureNames.Select(n => n.AsMemory()).ToArray();
        column.AddAnnotation("SlotNames", new VBuffer<ReadOnlyMemory<char>>(names.Length, names),
            new VectorDataViewType(TextDataViewType.Instance, names.Length));
        return PersistableMapping.CreateEstimator<SamplesMappingInput, SummaryFeaturesMappingOutput>(
            Catalog,
            SummaryFeaturesMapping.Map,
            SummaryFeaturesMapping.ContractName,
            OptionsPayload.Encode(_options),
            SamplesMappingInput.OptionsColumn,
            [(InputColumnName, SamplesMappingInput.SamplesColumn)],
            firstInputIsFloatVector: true,
            [(SummaryFeaturesMappingOutput.FeaturesColumn, OutputColumnName)],
            definition);
    }
}
