using Microsoft.ML;
using Microsoft.ML.Data;
using MusicGenre.MLNet.Persistence;

namespace MusicGenre.MLNet;

/// <summary>
/// Computes a librosa-exact (log-)mel spectrogram of a samples column.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term>Needs training?</term><description>No (fitting only checks the schema).</description></item>
/// <item><term>Input column</term><description>Vector of <see cref="float"/> (mono samples at the options' sample rate), fixed or variable size, e.g. the output of <c>LoadAudio</c>.</description></item>
/// <item><term>Output column</term><description>Vector of <see cref="float"/>, row-major <c>[NMels, frames]</c>: fixed size with dimensions <c>[NMels, frames]</c> when <see cref="MelSpectrogramTransformOptions.FixedDuration"/> is set, variable size otherwise (frames = length / NMels).</description></item>
/// <item><term>Package</term><description>MusicGenre</description></item>
/// </list>
/// Create it with <c>mlContext.Transforms.MelSpectrogram(...)</c>.
/// Saved models load after <c>mlContext.RegisterMusicGenre()</c>; see docs/features.md.
/// </remarks>
public sealed class MelSpectrogramEstimator : IEstimator<MelSpectrogramTransformer>
{
    private readonly TransformsCatalog _catalog;
    private readonly MelSpectrogramTransformOptions _options;

    internal MelSpectrogramEstimator(TransformsCatalog catalog, string outputColumnName, string? inputColumnName, MelSpectrogramTransformOptions? options)
    {
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        OutputColumnName = outputColumnName;
        InputColumnName = string.IsNullOrEmpty(inputColumnName) ? outputColumnName : inputColumnName;
        _options = (options ?? new MelSpectrogramTransformOptions()).Clone();
        _options.Validate(nameof(options));
    }

    /// <summary>The output column.</summary>
    public string OutputColumnName { get; }

    /// <summary>The samples column.</summary>
    public string InputColumnName { get; }

    /// <summary>A copy of the options.</summary>
    public MelSpectrogramTransformOptions Options => _options.Clone();

    /// <summary>Checks the input schema and builds the transformer.</summary>
    /// <param name="input">Data holding the samples column.</param>
    /// <exception cref="ArgumentOutOfRangeException">The samples column is missing or not a float vector.</exception>
    public MelSpectrogramTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckInput(input.Schema);
        PersistableMapping.RegisterWith<RowAnchorMapping>(_catalog);
        var chain = PersistableMapping.Fit(CreateChain(), input);
        return new MelSpectrogramTransformer(chain, OutputColumnName, InputColumnName, _options);
    }

    /// <summary>The schema after the transform.</summary>
    /// <param name="inputSchema">The input schema shape.</param>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var found = inputSchema.Where(c => c.Name == InputColumnName).ToList();
        if (found.Count == 0)
            throw new ArgumentOutOfRangeException(nameof(inputSchema), $"MelSpectrogram: input column '{InputColumnName}' not found.");
        var column = found[0];
        if (column.Kind == SchemaShape.Column.VectorKind.Scalar || column.ItemType != NumberDataViewType.Single)
            throw new ArgumentOutOfRangeException(nameof(inputSchema), $"MelSpectrogram: input column '{InputColumnName}' must be a vector of Single (samples), not {column.ItemType}{(column.Kind == SchemaShape.Column.VectorKind.Scalar ? "" : " vector")}.");
        return CreateChain().GetOutputSchema(inputSchema);
    }

    private void CheckInput(DataViewSchema schema)
    {
        var column = schema.GetColumnOrNull(InputColumnName)
            ?? throw new ArgumentOutOfRangeException(nameof(schema), $"MelSpectrogram: input column '{InputColumnName}' not found.");
        if (column.Type is not VectorDataViewType { ItemType: NumberDataViewType n } || n != NumberDataViewType.Single)
            throw new ArgumentOutOfRangeException(nameof(schema), $"MelSpectrogram: input column '{InputColumnName}' must be a vector of Single (samples), not {column.Type}.");
    }

    private IEstimator<ITransformer> CreateChain()
    {
        SchemaDefinition? outputDefinition = null;
        if (_options.FixedSampleCount is { } samples)
        {
            int frames = new Features.MelSpectrogram(_options.Mel).FrameCount(samples);
            outputDefinition = SchemaDefinition.Create(typeof(MelSpectrogramMappingOutput), SchemaDefinition.Direction.Write);
            outputDefinition[MelSpectrogramMappingOutput.SpectrogramColumn].ColumnType =
                new VectorDataViewType(NumberDataViewType.Single, _options.Mel.NMels, frames);
        }
        return PersistableMapping.CreateEstimator<MelSpectrogramMappingInput, MelSpectrogramMappingOutput>(
            _catalog,
            MelSpectrogramMapping.Map,
            MelSpectrogramMapping.ContractName,
            OptionsPayload.Encode(_options),
            MelSpectrogramMappingInput.OptionsColumn,
            [(InputColumnName, MelSpectrogramMappingInput.SamplesColumn)],
            firstInputIsFloatVector: true,
            [(MelSpectrogramMappingOutput.SpectrogramColumn, OutputColumnName)],
            outputDefinition);
    }
}
