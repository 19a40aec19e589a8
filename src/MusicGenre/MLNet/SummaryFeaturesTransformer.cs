using Microsoft.ML;
using Microsoft.ML.Data;
using MusicGenre.Features;
using MusicGenre.MLNet.Persistence;

namespace MusicGenre.MLNet;

/// <summary>
/// The fitted <see cref="SummaryFeaturesEstimator"/>. Saved as a chain of built-ins plus the custom mapping
/// <c>MusicGenre.SummaryFeatures.v1</c>; call <c>mlContext.RegisterMusicGenre()</c> before <c>mlContext.Model.Load</c>.
/// After loading, the output column keeps its size (68) but not its slot names; its values are unchanged.
/// </summary>
public sealed class SummaryFeaturesTransformer : ChainBackedTransformer
{
    private readonly SummaryFeaturesOptions _options;

    internal SummaryFeaturesTransformer(TransformerChain<ITransformer> inner, string outputColumnName, string inputColumnName, SummaryFeaturesOptions options)
        : base(inner)
    {
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName;
        _options = options.Clone();
    }

    /// <summary>The output column.</summary>
    public string OutputColumnName { get; }

    /// <summary>The samples column.</summary>
    public string InputColumnName { get; }

    /// <summary>A copy of the options.</summary>
    public SummaryFeaturesOptions Options => _options.Clone();
}
