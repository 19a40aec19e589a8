using Microsoft.ML;
using Microsoft.ML.Data;
using MusicGenre.Features;

namespace MusicGenre.MLNet;

/// <summary>
/// The fitted <see cref="MelSpectrogramEstimator"/>: adds a (log-)mel spectrogram column, row-major
/// <c>[NMels, frames]</c>, annotated with its band count, sample rate and hop (<see cref="MelSpectrogramAnnotations"/>).
/// </summary>
/// <remarks>
/// An empty signal (a file skipped by <c>LoadAudio</c>) gives an empty row, or a row of NaN (ML.NET's missing value)
/// when the duration is fixed, so <c>mlContext.Data.FilterRowsByMissingValues</c> can drop it. Save models that
/// contain it with <c>mlContext.Model.SaveGenreModel</c>; a loaded model has the same output type, dimensions and
/// annotations. Thread-safe: each row borrows its own extractor.
/// </remarks>
public sealed class MelSpectrogramTransformer : ITransformer
{
    private readonly MelSpectrogramTransformOptions options;
    private readonly InMemoryMapping<StepSamplesRow, StepVectorRow> schema;
    private readonly ITransformer mapping;
    private readonly ExtractorPool<Extractor> extractors;

    internal MelSpectrogramTransformer(string outputColumnName, string inputColumnName, MelSpectrogramTransformOptions options)
    {
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName;
        this.options = options.Clone();
        var mel = this.options.Mel;
        FrameCount = this.options.FixedSampleCount is { } n ? new Features.MelSpectrogram(mel).FrameCount(n) : null;
        var output = InMemoryMapping<StepSamplesRow, StepVectorRow>.OutputTo((nameof(StepVectorRow.Values), outputColumnName));
        var column = output[outputColumnName];
        column.ColumnType = FrameCount is { } frames
            ? new VectorDataViewType(NumberDataViewType.Single, mel.NMels, frames)
            : new VectorDataViewType(NumberDataViewType.Single);
        MelSpectrogramAnnotations.AddTo(column, mel.NMels, mel.SampleRate, mel.HopLength);
        schema = new InMemoryMapping<StepSamplesRow, StepVectorRow>(
            InMemoryMapping<StepSamplesRow, StepVectorRow>.InputFrom(nameof(StepSamplesRow.Samples), inputColumnName, new VectorDataViewType(NumberDataViewType.Single)),
            output);
        var copy = this.options;
        extractors = new ExtractorPool<Extractor>(() => new Extractor(copy));
        mapping = schema.Create(Map);
    }

    /// <summary>The output column.</summary>
    public string OutputColumnName { get; }

    /// <summary>The samples column.</summary>
    public string InputColumnName { get; }

    /// <summary>A copy of the options.</summary>
    public MelSpectrogramTransformOptions Options => options.Clone();

    /// <summary>Number of mel bands (rows of each spectrogram).</summary>
    public int NMels => options.Mel.NMels;

    /// <summary>Frames per row when <see cref="MelSpectrogramTransformOptions.FixedDuration"/> is set; otherwise null.</summary>
    public int? FrameCount { get; }

    /// <inheritdoc />
    public bool IsRowToRowMapper => true;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => mapping.GetOutputSchema(inputSchema);

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => mapping.GetRowToRowMapper(inputSchema);

    /// <inheritdoc />
    public IDataView Transform(IDataView input) => mapping.Transform(input);

    void ICanSaveModel.Save(ModelSaveContext ctx) => throw PlainSaveRefusal.For("MelSpectrogram");

    internal SchemaShape GetOutputSchemaShape(SchemaShape inputSchema) => schema.GetOutputSchema(inputSchema);

    private void Map(StepSamplesRow input, StepVectorRow output) => output.Values = extractors.Use(e => e.Compute(input.Samples ?? []));

    /// <summary>One thread's extractor and padding buffer.</summary>
    private sealed class Extractor
    {
        private readonly LogMelSpectrogram extractor;
        private readonly bool toDb;
        private readonly int? fixedSamples;
        private readonly float[] padded;

        public Extractor(MelSpectrogramTransformOptions options)
        {
            extractor = new LogMelSpectrogram(options.Mel, options.Db);
            toDb = options.ToDb;
            fixedSamples = options.FixedSampleCount;
            padded = fixedSamples is { } n ? new float[n] : [];
        }

        public float[] Compute(float[] samples)
        {
            if (fixedSamples is not { } n)
            {
                if (samples.Length == 0) return [];
                var result = new float[extractor.OutputLength(samples.Length)];
                Compute(samples, result);
                return result;
            }
            var fixedResult = new float[extractor.OutputLength(n)];
            if (samples.Length == 0)
            {
                fixedResult.AsSpan().Fill(float.NaN);
                return fixedResult;
            }
            int copied = Math.Min(n, samples.Length);
            samples.AsSpan(0, copied).CopyTo(padded);
            padded.AsSpan(copied).Clear();
            Compute(padded, fixedResult);
            return fixedResult;
        }

        private void Compute(ReadOnlySpan<float> samples, Span<float> destination)
        {
            if (toDb) extractor.Compute(samples, destination);
            else extractor.Mel.Compute(samples, destination);
        }
    }
}
