using System.ComponentModel;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MusicGenre.Features;
using MusicGenre.MLNet.Persistence;

namespace MusicGenre.MLNet;

/// <summary>Output row of <see cref="MelSpectrogramMapping"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class MelSpectrogramMappingOutput
{
    /// <summary>Internal output column.</summary>
    public const string SpectrogramColumn = "__MusicGenre_Mel_Output";

    /// <summary>Row-major <c>[NMels, frames]</c>.</summary>
    [ColumnName(SpectrogramColumn)]
    public float[] Spectrogram { get; set; } = [];
}

/// <summary>
/// The saved form of <see cref="MelSpectrogramTransformer"/>: contract <c>MusicGenre.MelSpectrogram.v1</c>.
/// Per row: decode the options payload (cached per thread), crop/pad to the fixed duration if any, compute the
/// (log-)mel spectrogram. An empty signal (a file skipped by LoadAudio) gives an empty row, or a row of NaN (ML.NET's
/// missing value) when the duration is fixed, so <c>mlContext.Data.FilterRowsByMissingValues</c> can drop it.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[CustomMappingFactoryAttribute(ContractName)]
public sealed class MelSpectrogramMapping : CustomMappingFactory<SamplesMappingInput, MelSpectrogramMappingOutput>
{
    /// <summary>The contract name saved in models.</summary>
    public const string ContractName = "MusicGenre.MelSpectrogram.v1";

    /// <inheritdoc />
    public override Action<SamplesMappingInput, MelSpectrogramMappingOutput> GetMapping() => Map;

    /// <summary>Computes one row.</summary>
    /// <param name="input">Samples and options payload.</param>
    /// <param name="output">Receives the spectrogram.</param>
    public static void Map(SamplesMappingInput input, MelSpectrogramMappingOutput output)
    {
        var state = OptionsPayload.PerThread(input.Options, static p => new State(OptionsPayload.Decode<MelSpectrogramTransformOptions>(p)));
        output.Spectrogram = state.Compute(input.Samples ?? []);
    }

    private sealed class State
    {
        private readonly LogMelSpectrogram _extractor;
        private readonly bool _toDb;
        private readonly int? _fixedSamples;
        private readonly float[] _padded;

        public State(MelSpectrogramTransformOptions options)
        {
            options.Validate();
            _extractor = new LogMelSpectrogram(options.Mel, options.Db);
            _toDb = options.ToDb;
            _fixedSamples = options.FixedSampleCount;
            _padded = _fixedSamples is { } n ? new float[n] : [];
        }

        public float[] Compute(float[] samples)
        {
            if (_fixedSamples is not { } n)
            {
                if (samples.Length == 0) return [];
                var result = new float[_extractor.OutputLength(samples.Length)];
                Compute(samples, result);
                return result;
            }
            var fixedResult = new float[_extractor.OutputLength(n)];
            if (samples.Length == 0)
            {
                fixedResult.AsSpan().Fill(float.NaN);
                return fixedResult;
            }
            int copied = Math.Min(n, samples.Length);
            samples.AsSpan(0, copied).CopyTo(_padded);
            _padded.AsSpan(copied).Clear();
            Compute(_padded, fixedResult);
            return fixedResult;
        }

        private void Compute(ReadOnlySpan<float> samples, Span<float> destination)
        {
            if (_toDb) _extractor.Compute(samples, destination);
            else _extractor.Mel.Compute(samples, destination);
        }
    }
}
