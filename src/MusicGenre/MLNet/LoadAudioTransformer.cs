using Microsoft.ML;
using Microsoft.ML.Data;
using MusicGenre.Audio;

namespace MusicGenre.MLNet;

/// <summary>
/// The fitted <see cref="LoadAudioEstimator"/>: adds a samples column decoded from the path column with
/// <see cref="AudioFile.Load(string, AudioLoadOptions?, CancellationToken)"/>.
/// </summary>
/// <remarks>
/// Save models that contain it with <c>mlContext.Model.SaveGenreModel</c> (plain <c>mlContext.Model.Save</c> refuses,
/// naming that call). Thread-safe: decoding keeps no state between rows.
/// </remarks>
public sealed class LoadAudioTransformer : ITransformer
{
    private readonly AudioLoadOptions options;
    private readonly InMemoryMapping<StepPathRow, StepSamplesAndErrorRow> schema;
    private readonly ITransformer mapping;

    internal LoadAudioTransformer(string outputColumnName, string inputColumnName, string? errorColumnName, AudioLoadOptions options, bool skipBadFiles)
    {
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName;
        ErrorColumnName = errorColumnName;
        SkipBadFiles = skipBadFiles;
        this.options = CopyOf(options);
        var outputs = new List<(string, string)> { (nameof(StepSamplesAndErrorRow.Samples), outputColumnName) };
        if (errorColumnName is not null) outputs.Add((nameof(StepSamplesAndErrorRow.Error), errorColumnName));
        schema = new InMemoryMapping<StepPathRow, StepSamplesAndErrorRow>(
            InMemoryMapping<StepPathRow, StepSamplesAndErrorRow>.InputFrom(nameof(StepPathRow.Path), inputColumnName),
            InMemoryMapping<StepPathRow, StepSamplesAndErrorRow>.OutputTo([.. outputs]));
        mapping = schema.Create(Map);
    }

    /// <summary>The samples column.</summary>
    public string OutputColumnName { get; }

    /// <summary>The path column.</summary>
    public string InputColumnName { get; }

    /// <summary>The error column, or null.</summary>
    public string? ErrorColumnName { get; }

    /// <summary>True: a bad file gives an empty samples row and the reason in <see cref="ErrorColumnName"/>; false: it fails the pipeline.</summary>
    public bool SkipBadFiles { get; }

    /// <summary>A copy of the decoder options (target rate, mono, offset, duration, limits).</summary>
    public AudioLoadOptions Options => CopyOf(options);

    /// <inheritdoc />
    public bool IsRowToRowMapper => true;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => mapping.GetOutputSchema(inputSchema);

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => mapping.GetRowToRowMapper(inputSchema);

    /// <inheritdoc />
    public IDataView Transform(IDataView input) => mapping.Transform(input);

    void ICanSaveModel.Save(ModelSaveContext ctx) => throw PlainSaveRefusal.For("LoadAudio");

    internal SchemaShape GetOutputSchemaShape(SchemaShape inputSchema) => schema.GetOutputSchema(inputSchema);

    internal static AudioLoadOptions CopyOf(AudioLoadOptions source) => new()
    {
        SampleRate = source.SampleRate,
        Mono = source.Mono,
        Offset = source.Offset,
        Duration = source.Duration,
        FfmpegPath = source.FfmpegPath,
        MaxSamples = source.MaxSamples,
    };

    private void Map(StepPathRow input, StepSamplesAndErrorRow output)
    {
        var path = input.Path ?? "";
        try
        {
            if (string.IsNullOrWhiteSpace(path)) throw new AudioFormatException(path, "the path is empty");
            output.Samples = AudioFile.Load(path, options).Samples;
            output.Error = "";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException or InvalidDataException)
        {
            var message = e.Message.Contains(path, StringComparison.Ordinal) || path.Length == 0 ? e.Message : $"{path}: {e.Message}";
            if (!SkipBadFiles)
            {
                if (e is AudioFormatException) throw;
                throw new IOException($"LoadAudio: {message}", e);
            }
            output.Samples = [];
            output.Error = message;
        }
    }
}
