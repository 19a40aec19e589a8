using System.Text.Json;
using Microsoft.ML;

namespace MusicGenre.MLNet.Persistence;

/// <summary>
/// How one kind of MusicGenre step is written to and rebuilt from a model file: its options as JSON (a small DTO per
/// kind, so the stored form does not follow every change of the public options classes) and its binary entries.
/// Readers check every number against bounds before anything is built.
/// </summary>
internal abstract class StepCodec
{
    /// <summary>The step kind stored in the manifest (<c>LoadAudio</c>, <c>GenreNetwork</c>, ...).</summary>
    public abstract string Kind { get; }

    /// <summary>The transformer type this codec saves.</summary>
    public abstract Type TransformerType { get; }

    /// <summary>The options and entries of a fitted step.</summary>
    public abstract StepPayload Write(ITransformer step);

    /// <summary>Rebuilds the step; throws <see cref="GenreModelFormatException"/> (through <see cref="StepReader.Fail"/>) when anything is wrong.</summary>
    public abstract ITransformer Read(StepReader reader);

    /// <summary>A readable summary of the stored options, for <see cref="GenreModelInfo"/>.</summary>
    public abstract string Describe(StepReader reader);
}

/// <summary>A codec whose options are one JSON-serialisable DTO.</summary>
/// <typeparam name="TStep">The transformer type.</typeparam>
/// <typeparam name="TOptions">The stored options.</typeparam>
internal abstract class StepCodec<TStep, TOptions> : StepCodec
    where TStep : class, ITransformer
    where TOptions : class
{
    public sealed override Type TransformerType => typeof(TStep);

    public sealed override StepPayload Write(ITransformer step)
    {
        var (options, entries) = Write((TStep)step);
        return new StepPayload(JsonSerializer.SerializeToElement(options, ModelManifest.Json), entries);
    }

    public sealed override ITransformer Read(StepReader reader)
    {
        var options = Checked(reader);
        return Read(options, reader);
    }

    public sealed override string Describe(StepReader reader) => Describe(Checked(reader));

    protected abstract (TOptions Options, IReadOnlyList<(string Name, byte[] Content)> Entries) Write(TStep step);

    /// <summary>Checks every stored number and string against its bounds, before anything is allocated.</summary>
    protected abstract void Check(TOptions options, BoundsCheck problems);

    /// <summary>Checks the options against the step's entries (for example tensor sizes against the weights' length).</summary>
    protected virtual void CheckEntries(TOptions options, StepReader reader, BoundsCheck problems)
    {
    }

    private TOptions Checked(StepReader reader)
    {
        var options = reader.Options<TOptions>();
        var problems = new BoundsCheck();
        Check(options, problems);
        reader.ThrowIf(problems);
        CheckEntries(options, reader, problems);
        reader.ThrowIf(problems);
        return options;
    }

    protected abstract TStep Read(TOptions options, StepReader reader);

    protected abstract string Describe(TOptions options);
}

/// <summary>What a step contributes to the file: its options and its entries (names relative to the step's folder).</summary>
internal sealed record StepPayload(JsonElement Options, IReadOnlyList<(string Name, byte[] Content)> Entries);
