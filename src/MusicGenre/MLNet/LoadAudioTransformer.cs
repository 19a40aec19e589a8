using Microsoft.ML;
using Microsoft.ML.Data;
using MusicGenre.MLNet.Persistence;

namespace MusicGenre.MLNet;

/// <summary>
/// The fitted <see cref="LoadAudioEstimator"/>: adds a samples column decoded from the path column. Saved as a chain
/// of built-ins plus the custom mapping <c>MusicGenre.LoadAudio.v1</c>; call <c>mlContext.RegisterMusicGenre()</c>
/// before <c>mlContext.Model.Load</c>.
/// </summary>
public sealed class LoadAudioTransformer : ChainBackedTransformer
{
    internal LoadAudioTransformer(TransformerChain<ITransformer> inner, string outputColumnName, string inputColumnName, string? errorColumnName)
        : base(inner)
    {
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName;
        ErrorColumnName = errorColumnName;
    }

    /// <summary>The samples column.</summary>
    public string OutputColumnName { get; }

    /// <summary>The path column.</summary>
    public string InputColumnName { get; }

    /// <summary>The error column, or null.</summary>
    public string? ErrorColumnName { get; }
}
