using Microsoft.ML;
using Microsoft.ML.Data;
using MusicGenre.MLNet.Persistence;

namespace MusicGenre.MLNet;

/// <summary>
/// The fitted <see cref="MelSpectrogramEstimator"/>: adds a (log-)mel spectrogram column, row-major <c>[NMels, frames]</c>.
/// </summary>
/// <remarks>
/// Saved with <c>mlContext.Model.Save</c> as a chain of ML.NET built-ins plus the custom mapping
/// <c>MusicGenre.MelSpectrogram.v1</c>; <c>mlContext.RegisterMusicGenre()</c> before <c>mlContext.Model.Load</c>
/// restores it (as that chain) with identical output. After loading, the output column is a variable-size vector
/// even when the duration is fixed (ML.NET does not save a custom mapping's schema); its values are unchanged.
/// </remarks>
public sealed class MelSpectrogramTransformer : ChainBackedTransformer
{
    private readonly MelSpectrogramTransformOptions _options;

    internal MelSpectrogramTransformer(TransformerChain<ITransformer> inner, string outputColumnName, string inputColumnName, MelSpectrogramTransformOptions options)
        : base(inner)
    {
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName;
        _options = options.Clone();
        FrameCount = options.FixedSampleCount is { } n ? new Features.MelSpectrogram(options.Mel).FrameCount(n) : null;
    }

    /// <summary>The output column.</summary>
    public string OutputColumnName { get; }

    /// <summary>The samples column.</summary>
    public string InputColumnName { get; }

    /// <summary>A copy of the options.</summary>
    public MelSpectrogramTransformOptions Options => _options.Clone();

    /// <summary>Number of mel bands (rows of each spectrogram).</summary>
    public int NMels => _options.Mel.NMels;

    /// <summary>Frames per row when <see cref="MelSpectrogramTransformOptions.FixedDuration"/> is set; otherwise null.</summary>
    public int? FrameCount { get; }
}
