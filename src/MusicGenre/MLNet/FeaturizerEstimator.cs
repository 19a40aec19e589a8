using Microsoft.ML;
using Microsoft.ML.Data;
using MusicGenre.MLNet.Persistence;

namespace MusicGenre.MLNet;

/// <summary>
/// Base of MusicGenre's estimators (<see cref="LoadAudioEstimator"/>, <see cref="MelSpectrogramEstimator"/>,
/// <see cref="SummaryFeaturesEstimator"/>): checks the input column, builds the persistable chain (see
/// <see cref="PersistableMapping"/>), fits it and wraps it in the transformer.
/// </summary>
/// <typeparam name="TTransformer">The transformer type produced.</typeparam>
public abstract class FeaturizerEstimator<TTransformer> : IEstimator<TTransformer>
    where TTransformer : class, ITransformer
{
    private readonly string _transformName;
    private readonly bool _textInput;

    private protected FeaturizerEstimator(TransformsCatalog catalog, string transformName, bool textInput, string outputColumnName, string? inputColumnName)
    {
        Catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        _transformName = transformName;
        _textInput = textInput;
        OutputColumnName = outputColumnName;
        InputColumnName = string.IsNullOrEmpty(inputColumnName) ? outputColumnName : inputColumnName;
    }

    /// <summary>The output column.</summary>
    public string OutputColumnName { get; }

    /// <summary>The input column (a file path for LoadAudio, samples otherwise).</summary>
    public string InputColumnName { get; }

    private protected TransformsCatalog Catalog { get; }

    /// <summary>Checks the input schema and builds the transformer (nothing is learnt from the data).</summary>
    /// <param name="input">Data holding the input column.</param>
    /// <exception cref="ArgumentOutOfRangeException">The input column is missing or of the wrong type; the message names it.</exception>
    public TTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (_textInput) ColumnChecks.RequireText(input.Schema, InputColumnName, _transformName);
        else ColumnChecks.RequireSamples(input.Schema, InputColumnName, _transformName);
        PersistableMapping.RegisterWith<RowAnchorMapping>(Catalog);
        return CreateTransformer(PersistableMapping.Fit(CreateChain(), input));
    }

    /// <summary>The schema after the transform.</summary>
    /// <param name="inputSchema">The input schema shape.</param>
    /// <exception cref="ArgumentOutOfRangeException">The input column is missing or of the wrong type.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        if (_textInput) ColumnChecks.RequireText(inputSchema, InputColumnName, _transformName);
        else ColumnChecks.RequireSamples(inputSchema, InputColumnName, _transformName);
        return CreateChain().GetOutputSchema(inputSchema);
    }

    private protected abstract IEstimator<ITransformer> CreateChain();

    private protected abstract TTransformer CreateTransformer(TransformerChain<ITransformer> chain);
}
