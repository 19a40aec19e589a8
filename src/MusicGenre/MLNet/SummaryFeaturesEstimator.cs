using Microsoft.ML;
using MusicGenre.Features;

namespace MusicGenre.MLNet;

/// <summary>
/// Summarises a samples column into a fixed-length vector (MFCC, chroma, spectral centroid and zero-crossing rate,
/// mean and std over frames) for ML.NET's built-in trainers: the classical genre baseline.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term>Needs training?</term><description>No.</description></item>
/// <item><term>Input column</term><description>Vector of <see cref="float"/>: mono samples at the options' sample rate.</description></item>
/// <item><term>Output column</term><description>Vector of <see cref="float"/> of known size <see cref="SummaryFeaturesOptions.FeatureCount"/> (68), with slot names; NaN for an empty signal.</description></item>
/// <item><term>Package</term><description>MusicGenre</description></item>
/// </list>
/// Create it with <c>mlContext.Transforms.SummaryFeatures(...)</c>; a typical chain is
/// <c>LoadAudio → SummaryFeatures → NormalizeMeanVariance → SdcaMaximumEntropy</c>
/// (<see cref="ClassicalGenrePipeline"/> builds it).
/// </remarks>
public sealed class SummaryFeaturesEstimator : IEstimator<SummaryFeaturesTransformer>
{
    private const string Step = "SummaryFeatures";
    private readonly SummaryFeaturesOptions options;

    internal SummaryFeaturesEstimator(string outputColumnName, string? inputColumnName, SummaryFeaturesOptions? options)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        OutputColumnName = outputColumnName;
        InputColumnName = string.IsNullOrEmpty(inputColumnName) ? outputColumnName : inputColumnName;
        this.options = (options ?? new SummaryFeaturesOptions()).Clone();
        this.options.Validate(nameof(options));
    }

    /// <summary>The output column.</summary>
    public string OutputColumnName { get; }

    /// <summary>The samples column.</summary>
    public string InputColumnName { get; }

    /// <summary>Checks the input schema and builds the transformer (nothing is learnt from the data).</summary>
    /// <param name="input">Data holding the samples column.</param>
    /// <exception cref="ArgumentOutOfRangeException">The samples column is missing or not a vector of Single; the message names it.</exception>
    public SummaryFeaturesTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ColumnChecks.RequireSamples(input.Schema, InputColumnName, Step);
        return Create();
    }

    /// <summary>The schema after the transform.</summary>
    /// <param name="inputSchema">The input schema shape.</param>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ColumnChecks.RequireSamples(inputSchema, InputColumnName, Step);
        return Create().GetOutputSchemaShape(inputSchema);
    }

    private SummaryFeaturesTransformer Create() => new(OutputColumnName, InputColumnName, options);
}
