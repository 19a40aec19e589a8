using Microsoft.ML;
using Microsoft.ML.Data;
using MusicGenre.Audio;
using MusicGenre.MLNet.Persistence;

namespace MusicGenre.MLNet;

/// <summary>
/// Decodes the audio file named in a text column into a samples column (librosa.load semantics: 22,050 Hz mono by
/// default).
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term>Needs training?</term><description>No.</description></item>
/// <item><term>Input column</term><description>Text: a file path (WAV, AU, AIFF, MP3, OGG; others through ffmpeg).</description></item>
/// <item><term>Output column</term><description>Variable-size vector of <see cref="float"/>: the samples (planar by channel when not mono).</description></item>
/// <item><term>Error column (optional)</term><description>Text: empty, or why the row's file was skipped.</description></item>
/// <item><term>Package</term><description>MusicGenre</description></item>
/// </list>
/// A bad file fails the pipeline with an <see cref="AudioFormatException"/> or <see cref="IOException"/> naming
/// the file (ML.NET may wrap it in an <see cref="InvalidOperationException"/>; the inner exception carries it), or,
/// with <c>skipBadFiles</c>, yields an empty samples vector and the reason in the error column.
/// Create it with <c>mlContext.Transforms.LoadAudio(...)</c>.
/// </remarks>
public sealed class LoadAudioEstimator : FeaturizerEstimator<LoadAudioTransformer>
{
    private readonly LoadAudioPayload _payload;

    internal LoadAudioEstimator(TransformsCatalog catalog, string outputColumnName, string? inputColumnName, AudioLoadOptions? options, bool skipBadFiles, string? errorColumnName)
        : base(catalog, "LoadAudio", textInput: true, outputColumnName, inputColumnName)
    {
        var audio = options ?? new AudioLoadOptions();
        audio.Validate();
        _payload = new LoadAudioPayload { Audio = audio, SkipBadFiles = skipBadFiles };
        _payload = OptionsPayload.Decode<LoadAudioPayload>(OptionsPayload.Encode(_payload)); // a private copy
        ErrorColumnName = string.IsNullOrEmpty(errorColumnName) ? null : errorColumnName;
        if (ErrorColumnName == OutputColumnName)
            throw new ArgumentException("The error column must differ from the output column.", nameof(errorColumnName));
    }

    /// <summary>The error column, or null.</summary>
    public string? ErrorColumnName { get; }

    private protected override LoadAudioTransformer CreateTransformer(TransformerChain<ITransformer> chain)
        => new(chain, OutputColumnName, InputColumnName, ErrorColumnName);

    private protected override IEstimator<ITransformer> CreateChain()
    {
        var outputs = new List<(string, string)> { (LoadAudioMappingOutput.SamplesColumn, OutputColumnName) };
        if (ErrorColumnName is not null) outputs.Add((LoadAudioMappingOutput.ErrorColumn, ErrorColumnName));
        return PersistableMapping.CreateEstimator<LoadAudioMappingInput, LoadAudioMappingOutput>(
            Catalog,
            LoadAudioMapping.Map,
            LoadAudioMapping.ContractName,
            OptionsPayload.Encode(_payload),
            LoadAudioMappingInput.OptionsColumn,
            [(InputColumnName, LoadAudioMappingInput.PathColumn)],
            firstInputIsFloatVector: false,
            outputs);
    }
}
