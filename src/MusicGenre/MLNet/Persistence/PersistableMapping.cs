using System.Reflection;
using Microsoft.ML.Runtime;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace MusicGenre.MLNet.Persistence;

/// <summary>
/// Builds the saveable form of a MusicGenre transform: a chain of ML.NET built-ins around one
/// <c>CustomMapping</c> whose factory carries <c>[CustomMappingFactoryAttribute(contract)]</c>:
/// <list type="number">
/// <item><c>CopyColumns</c>: the user's input columns → the mapping's fixed internal column names;</item>
/// <item>(float-vector first input only) <see cref="RowAnchorMapping"/>: a scalar column per row;</item>
/// <item><c>Expression</c> <c>x => "payload"</c>: a constant text column holding the options (see
///   <see cref="OptionsPayload"/>); the Expression transform saves its expression text, so the options travel
///   inside the model file;</item>
/// <item><c>CustomMapping</c>: the mapping, which reads the options from that column;</item>
/// <item><c>CopyColumns</c>: the mapping's outputs → the user's output columns;</item>
/// <item><c>DropColumns</c>: every internal column.</item>
/// </list>
/// Loading needs only <c>mlContext.ComponentCatalog.RegisterAssembly(assemblyOfTheFactories)</c> (for this
/// library: <c>mlContext.RegisterMusicGenre()</c>) before <c>mlContext.Model.Load</c>.
/// </summary>
public static class PersistableMapping
{
    /// <summary>
    /// Builds the estimator chain.
    /// </summary>
    /// <typeparam name="TSrc">Mapping input row; its members carry <c>[ColumnName]</c> with unique internal names.</typeparam>
    /// <typeparam name="TDst">Mapping output row.</typeparam>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="mapping">The mapping (the factory's <c>GetMapping()</c>).</param>
    /// <param name="contractName">The factory's contract name.</param>
    /// <param name="payload">The options payload (<see cref="OptionsPayload.Encode{T}"/>); no quotes or backslashes.</param>
    /// <param name="payloadColumn">The internal column of <typeparamref name="TSrc"/> (text) that receives the payload.</param>
    /// <param name="inputs">User column → internal input column of <typeparamref name="TSrc"/>; the first one anchors the payload column.</param>
    /// <param name="firstInputIsFloatVector">True when the first input is a float vector (an anchor mapping is added); false when it is a scalar.</param>
    /// <param name="outputs">Internal output column of <typeparamref name="TDst"/> → user column.</param>
    /// <param name="outputSchemaDefinition">Optional output schema (for example a fixed vector size) used while the chain is live; not saved.</param>
    public static IEstimator<ITransformer> CreateEstimator<TSrc, TDst>(
        TransformsCatalog catalog,
        Action<TSrc, TDst> mapping,
        string contractName,
        string payload,
        string payloadColumn,
        IReadOnlyList<(string UserColumn, string InternalColumn)> inputs,
        bool firstInputIsFloatVector,
        IReadOnlyList<(string InternalColumn, string UserColumn)> outputs,
        SchemaDefinition? outputSchemaDefinition = null)
        where TSrc : class, new()
        where TDst : class, new()
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentException.ThrowIfNullOrEmpty(contractName);
        ArgumentException.ThrowIfNullOrEmpty(payload);
        ArgumentException.ThrowIfNullOrEmpty(payloadColumn);
        if (payload.IndexOfAny(['"', '\\']) >= 0) throw new ArgumentException("The payload must not contain quotes or backslashes.", nameof(payload));
        if (inputs is null || inputs.Count == 0) throw new ArgumentException("At least one input column is needed.", nameof(inputs));
        if (outputs is null || outputs.Count == 0) throw new ArgumentException("At least one output column is needed.", nameof(outputs));

        var steps = new List<IEstimator<ITransformer>>();
        foreach (var (user, internalName) in inputs)
            steps.Add(catalog.CopyColumns(internalName, user));
        string anchor = inputs[0].InternalColumn;
        var dropped = inputs.Select(i => i.InternalColumn).ToList();
        if (firstInputIsFloatVector)
        {
            steps.Add(catalog.CopyColumns(RowAnchorInput.ColumnName, anchor));
            steps.Add(catalog.CustomMapping(new RowAnchorMapping().GetMapping(), RowAnchorMapping.ContractName));
            anchor = RowAnchorOutput.ColumnName;
            dropped.Add(RowAnchorInput.ColumnName);
            dropped.Add(RowAnchorOutput.ColumnName);
        }
        steps.Add(catalog.Expression(payloadColumn, $"x => \"{payload}\"", anchor));
        dropped.Add(payloadColumn);
        steps.Add(catalog.CustomMapping(mapping, contractName, null, outputSchemaDefinition));
        foreach (var (internalName, user) in outputs)
        {
            steps.Add(catalog.CopyColumns(user, internalName));
            dropped.Add(internalName);
        }
        // Every internal column goes, mapped or not (a mapping may produce optional outputs the user did not ask for).
        dropped.AddRange(SchemaDefinition.Create(typeof(TSrc), SchemaDefinition.Direction.Read).Select(c => c.ColumnName));
        dropped.AddRange(SchemaDefinition.Create(typeof(TDst), SchemaDefinition.Direction.Write).Select(c => c.ColumnName));
        var userColumns = new HashSet<string>(outputs.Select(o => o.UserColumn), StringComparer.Ordinal);
        steps.Add(catalog.DropColumns(dropped.Distinct().Where(c => !userColumns.Contains(c)).ToArray()));

        IEstimator<ITransformer> chain = steps[0];
        foreach (var step in steps.Skip(1)) chain = chain.Append(step);
        return chain;
    }

    /// <summary>Fits a chain made by <see cref="CreateEstimator"/> and flattens it into one <see cref="TransformerChain{T}"/>.</summary>
    /// <param name="estimator">The chain.</param>
    /// <param name="input">The data to fit on (only its schema matters: every step is trivial to fit).</param>
    public static TransformerChain<ITransformer> Fit(IEstimator<ITransformer> estimator, IDataView input)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        ArgumentNullException.ThrowIfNull(input);
        var fitted = estimator.Fit(input);
        return new TransformerChain<ITransformer>(Flatten(fitted).ToArray());
    }

    /// <summary>
    /// Registers the assembly holding <typeparamref name="TFactory"/> with the context behind
    /// <paramref name="catalog"/>, so <c>Model.Load</c> on that same context finds the factories. Best effort: ML.NET
    /// keeps the catalog's environment internal; other contexts need <c>ComponentCatalog.RegisterAssembly</c>.
    /// </summary>
    /// <typeparam name="TFactory">A type in the assembly to register.</typeparam>
    /// <param name="catalog">The transforms catalog.</param>
    public static void RegisterWith<TFactory>(TransformsCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var env = typeof(TransformsCatalog).GetProperty("Environment", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)?.GetValue(catalog);
        (env as IHostEnvironment)?.ComponentCatalog.RegisterAssembly(typeof(TFactory).Assembly);
    }

    private static IEnumerable<ITransformer> Flatten(ITransformer transformer)
    {
        if (transformer is IEnumerable<ITransformer> chain)
        {
            foreach (var inner in chain)
                foreach (var leaf in Flatten(inner)) yield return leaf;
        }
        else
        {
            yield return transformer;
        }
    }
}
