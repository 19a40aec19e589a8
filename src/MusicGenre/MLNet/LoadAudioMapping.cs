using System.ComponentModel;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MusicGenre.Audio;
using MusicGenre.MLNet.Persistence;

namespace MusicGenre.MLNet;

/// <summary>Options of the LoadAudio transform as saved in a model (infrastructure).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class LoadAudioPayload
{
    /// <summary>Decoder options.</summary>
    public AudioLoadOptions Audio { get; set; } = new();

    /// <summary>Skip unreadable files (empty samples + error text) instead of failing.</summary>
    public bool SkipBadFiles { get; set; }
}

/// <summary>Input row of <see cref="LoadAudioMapping"/> (infrastructure).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class LoadAudioMappingInput
{
    /// <summary>Internal path column.</summary>
    public const string PathColumn = "__MusicGenre_Load_Path";

    /// <summary>Internal options column.</summary>
    public const string OptionsColumn = "__MusicGenre_Load_Options";

    /// <summary>Path of the audio file.</summary>
    [ColumnName(PathColumn)]
    public string Path { get; set; } = "";

    /// <summary>The <see cref="LoadAudioPayload"/> payload.</summary>
    [ColumnName(OptionsColumn)]
    public string Options { get; set; } = "";
}

/// <summary>Output row of <see cref="LoadAudioMapping"/> (infrastructure).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class LoadAudioMappingOutput
{
    /// <summary>Internal samples column.</summary>
    public const string SamplesColumn = "__MusicGenre_Load_Samples";

    /// <summary>Internal error column.</summary>
    public const string ErrorColumn = "__MusicGenre_Load_Error";

    /// <summary>Decoded samples (planar when not mono); empty for a skipped file.</summary>
    [ColumnName(SamplesColumn)]
    public float[] Samples { get; set; } = [];

    /// <summary>Empty, or why the file was skipped (naming the file).</summary>
    [ColumnName(ErrorColumn)]
    public string Error { get; set; } = "";
}

/// <summary>
/// The saved form of <see cref="LoadAudioTransformer"/>: contract <c>MusicGenre.LoadAudio.v1</c>. Decodes the file
/// of each row with <see cref="AudioFile.Load(string, AudioLoadOptions?, CancellationToken)"/>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[CustomMappingFactoryAttribute(ContractName)]
public sealed class LoadAudioMapping : CustomMappingFactory<LoadAudioMappingInput, LoadAudioMappingOutput>
{
    /// <summary>The contract name saved in models.</summary>
    public const string ContractName = "MusicGenre.LoadAudio.v1";

    /// <inheritdoc />
    public override Action<LoadAudioMappingInput, LoadAudioMappingOutput> GetMapping() => Map;

    /// <summary>Decodes one row.</summary>
    /// <param name="input">Path and options payload.</param>
    /// <param name="output">Receives the samples, or the error when skipping.</param>
    /// <exception cref="AudioFormatException">The file cannot be decoded (and bad files are not skipped); names the file.</exception>
    /// <exception cref="IOException">The file cannot be read (and bad files are not skipped); names the file.</exception>
    public static void Map(LoadAudioMappingInput input, LoadAudioMappingOutput output)
    {
        var payload = OptionsPayload.PerThread(input.Options, static p => OptionsPayload.Decode<LoadAudioPayload>(p));
        var path = input.Path ?? "";
        try
        {
            if (string.IsNullOrWhiteSpace(path)) throw new AudioFormatException(path, "the path is empty");
            output.Samples = AudioFile.Load(path, payload.Audio).Samples;
            output.Error = "";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException or InvalidDataException)
        {
            var message = e.Message.Contains(path, StringComparison.Ordinal) || path.Length == 0 ? e.Message : $"{path}: {e.Message}";
            if (!payload.SkipBadFiles)
            {
                if (e is AudioFormatException) throw;
                throw new IOException($"LoadAudio: {message}", e);
            }
            output.Samples = [];
            output.Error = message;
        }
    }
}
