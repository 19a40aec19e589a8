using Microsoft.ML;
using Microsoft.ML.Data;

namespace MusicGenre.MLNet.Persistence;

/// <summary>
/// Base of MusicGenre transformers whose persisted form is a chain of ML.NET built-ins plus a
/// <see cref="Microsoft.ML.Transforms.CustomMappingTransformer{TSrc, TDst}"/> (see <see cref="PersistableMapping"/>).
/// Transforming delegates to that chain, and <see cref="ICanSaveModel.Save"/> forwards to it, because ML.NET gives
/// third-party transformers no way to write their own bytes. After <c>mlContext.Model.Load</c> (with
/// <c>mlContext.RegisterMusicGenre()</c> called first) the model comes back as that plain chain and computes the same
/// values.
/// </summary>
/// <remarks>Thread-safe as ML.NET transformers are: create cursors or prediction engines per thread.</remarks>
public abstract class ChainBackedTransformer : ITransformer, ICanSaveModel
{
    /// <summary>Wraps the fitted chain.</summary>
    /// <param name="inner">The fitted chain that does the work and is what gets saved.</param>
    private protected ChainBackedTransformer(TransformerChain<ITransformer> inner)
    {
        Inner = inner ?? throw new ArgumentNullException(nameof(inner));
    }

    /// <summary>The chain of built-in and custom-mapping transformers this transformer is saved as.</summary>
    public TransformerChain<ITransformer> Inner { get; }

    /// <inheritdoc />
    public bool IsRowToRowMapper => ((ITransformer)Inner).IsRowToRowMapper;

    /// <inheritdoc />
    public virtual DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => Inner.GetOutputSchema(inputSchema);

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => ((ITransformer)Inner).GetRowToRowMapper(inputSchema);

    /// <inheritdoc />
    public virtual IDataView Transform(IDataView input) => Inner.Transform(input);

    /// <summary>Saves the inner chain (the only form ML.NET lets a third-party transformer take on disk).</summary>
    /// <param name="ctx">ML.NET's save context.</param>
    void ICanSaveModel.Save(ModelSaveContext ctx) => ((ICanSaveModel)Inner).Save(ctx);
}
