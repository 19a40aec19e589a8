using System.ComponentModel;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MusicGenre.Features;
using MusicGenre.MLNet.Persistence;

namespace MusicGenre.MLNet;

/// <summary>Output row of <see cref="SummaryFeaturesMapping"/> (infrastructure).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class SummaryFeaturesMappingOutput
{
    /// <summary>Internal output column.</summary>
    public const string FeaturesColumn = "__MusicGenre_Summary_Output";

    /// <summary>The summary vector (a known size, so it stays known after a saved model is loaded).</summary>
    [ColumnName(FeaturesColumn)]
    [VectorType(SummaryFeaturesOptions.FeatureCount)]
    public float[] Features { get; set; } = [];
}

/// <summary>
/// The saved form of <see cref="SummaryFeaturesTransformer"/>: contract <c>MusicGenre.SummaryFeatures.v1</c>.
/// An empty signal (a skipped file) gives a row of NaN (ML.NET's missing value).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[CustomMappingFactoryAttribute(ContractName)]
public sealed class SummaryFeaturesMapping : CustomMappingFactory<SamplesMappingInput, SummaryFeaturesMappingOutput>
{
    /// <summary>The contract name saved in models.</summary>
    public const string ContractName = "MusicGenre.SummaryFeatures.v1";

    /// <inheritdoc />
    public override Action<SamplesMappingInput, SummaryFeaturesMappingOutput> GetMapping() => Map;

    /// <summary>Computes one row.</summary>
    /// <param name="input">Samples and options payload.</param>
    /// <param name="output">Receives the features.</param>
    public static void Map(SamplesMappingInput input, SummaryFeaturesMappingOutput output)
    {
        var extractor = OptionsPayload.PerThread(input.Options, static p => new SummaryFeatures(OptionsPayload.Decode<SummaryFeaturesOptions>(p)));
        var samples = input.Samples ?? [];
        if (samples.Length == 0)
        {
            output.Features = new float[extractor.FeatureCount];
            output.Features.AsSpan().Fill(float.NaN);
            return;
        }
        output.Features = extractor.Compute(samples);
    }
}
