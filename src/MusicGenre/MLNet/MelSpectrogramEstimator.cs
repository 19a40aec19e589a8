using Microsoft.ML;

namespace MusicGenre.MLNet;

/// <summary>
/// Computes a librosa-exact (log-)mel spectrogram of a samples column.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term>Needs training?</term><description>No (fitting only checks the schema).</description></item>
/// <item><term>Input column</term><description>Vector of <see cref="float"/> (mono samples at the options' sample rate), fixed or variable size, e.g. the output of <c>LoadAudio</c>.</description></item>
/// <item><term>Output column</term><description>Vector of <see cref="float"/>, row-major <c>[NMels, frames]</c>: fixed size with dimensions <c>[NMels, frames]</c> when <see cref="MelSpectrogramTransformOptions.FixedDuration"/> is set, variable size otherwise (frames = length / NMels); annotated with <see cref="MelSpectrogramAnnotations"/>.</description></item>
/// <item><term>Package</term><description>MusicGenre</description></item>
/// </list>
/// Create it with <c>mlContext.Transforms.MelSpectrogram(...)</c>; see docs/features.md.
/// </remarks>
public sealed class MelSpectrogramEstimator : IEstimator<MelSpectrogramTransformer>
{
    private const string Step = "MelSpectrogram";
    private readonly MelSpectrogramTransformOptions options;

    internal MelSpectrogramEstimator(string outputColumnName, string? inputColumnName, MelSpectrogramTransformOptions? options)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        OutputColumnName = outputColumnName;
        InputColumnName = string.IsNullOrEmpty(inputColumnName) ? outputColumnName : inputColumnName;
        this.options = (options ?? new MelSpectrogramTransformOptions()).Clone();
        this.options.Validate(nameof(options));
    }

    /// <summary>The output column.</summary>
    public string OutputColumnName { get; }

    /// <summary>The samples column.</summary>
    public string InputColumnName { get; }

    /// <summary>A copy of the options.</summary>
    public MelSpectrogramTransformOptions Options => options.Clone();

    /// <summary>Checks the input schema and builds the transformer (nothing is learnt from the data).</summary>
    /// <param name="input">Data holding the samples column.</param>
    /// <exception cref="ArgumentOutOfRangeException">The samples column is missing or not a vector of Single; the message names it.</exception>
    public MelSpectrogramTransformer Fit(IDataView input)
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

    private MelSpectrogramTransformer Create() => new(OutputColumnName, InputColumnName, options);
}
