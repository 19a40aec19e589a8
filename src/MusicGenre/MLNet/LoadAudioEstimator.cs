using Microsoft.ML;
using MusicGenre.Audio;

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
public sealed class LoadAudioEstimator : IEstimator<LoadAudioTransformer>
{
    private const string Step = "LoadAudio";
    private readonly AudioLoadOptions options;
    private readonly bool skipBadFiles;

    internal LoadAudioEstimator(string outputColumnName, string? inputColumnName, AudioLoadOptions? options, bool skipBadFiles, string? errorColumnName)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        OutputColumnName = outputColumnName;
        InputColumnName = string.IsNullOrEmpty(inputColumnName) ? outputColumnName : inputColumnName;
        this.options = LoadAudioTransformer.CopyOf(options ?? new AudioLoadOptions());
        this.options.Validate();
        this.skipBadFiles = skipBadFiles;
        ErrorColumnName = string.IsNullOrEmpty(errorColumnName) ? null : errorColumnName;
        if (ErrorColumnName == OutputColumnName)
            throw new ArgumentException("The error column must differ from the output column.", nameof(errorColumnName));
    }

    /// <summary>The samples column.</summary>
    public string OutputColumnName { get; }

    /// <summary>The path column.</summary>
    public string InputColumnName { get; }

    /// <summary>The error column, or null.</summary>
    public string? ErrorColumnName { get; }

    /// <summary>Checks the input schema and builds the transformer (nothing is learnt from the data).</summary>
    /// <param name="input">Data holding the path column.</param>
    /// <exception cref="ArgumentOutOfRangeException">The path column is missing or not text; the message names it.</exception>
    public LoadAudioTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ColumnChecks.RequireText(input.Schema, InputColumnName, Step);
        return Create();
    }

    /// <summary>The schema after the transform.</summary>
    /// <param name="inputSchema">The input schema shape.</param>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ColumnChecks.RequireText(inputSchema, InputColumnName, Step);
        return Create().GetOutputSchemaShape(inputSchema);
    }

    private LoadAudioTransformer Create() => new(OutputColumnName, InputColumnName, ErrorColumnName, options, skipBadFiles);
}
