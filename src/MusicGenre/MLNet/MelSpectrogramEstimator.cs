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
public sealed class MelSpectrogramEstimator : FeaturizerEstimator<MelSpectrogramTransformer>
{
    private readonly MelSpectrogramTransformOptions _options;

    internal MelSpectrogramEstimator(TransformsCatalog catalog, string outputColumnName, string? inputColumnName, MelSpectrogramTransformOptions? options)
        : base(catalog, "MelSpectrogram", textInput: false, outputColumnName, inputColumnName)
    {
        _options = (options ?? new MelSpectrogramTransformOptions()).Clone();
        _options.Validate(nameof(options));
    }

    /// <summary>A copy of the options.</summary>
    public MelSpectrogramTransformOptions Options => _options.Clone();

    private protected override MelSpectrogramTransformer CreateTransformer(TransformerChain<ITransformer> chain)
        => new(chain, OutputColumnName, InputColumnName, _options);

    private protected override IEstimator<ITransformer> CreateChain()
    {
        SchemaDefinition? outputDefinition = null;
        if (_options.FixedSampleCount is { } samples)
        {
            int frames = new Features.MelSpectrogram(_options.Mel).FrameCount(samples);
            outputDefinition = SchemaDefinition.Create(typeof(MelSpectrogramMappingOutput), SchemaDefinition.Direction.Write);
            outputDefinition[MelSpectrogramMappingOutput.SpectrogramColumn].ColumnType =
                new VectorDataViewType(NumberDataViewType.Single, _options.Mel.NMels, frames);
        }
        return PersistableMapping.CreateEstimator<SamplesMappingInput, MelSpectrogramMappingOutput>(
            Catalog,
            MelSpectrogramMapping.Map,
            MelSpectrogramMapping.ContractName,
            OptionsPayload.Encode(_options),
            SamplesMappingInput.OptionsColumn,
            [(InputColumnName, SamplesMappingInput.SamplesColumn)],
            firstInputIsFloatVector: true,
            [(MelSpectrogramMappingOutput.SpectrogramColumn, OutputColumnName)],
            outputDefinition);
    }
}
