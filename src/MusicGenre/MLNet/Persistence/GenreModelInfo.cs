using Microsoft.ML;
using Microsoft.ML.Data;
using MusicGenre.Torch;

namespace MusicGenre.MLNet.Persistence;

/// <summary>
/// What a model file holds, read from its manifest without building any network: kind, genres, versions, when it was
/// made, how it was trained (<see cref="Metadata"/>) and its steps. <see cref="Read(string)"/> also checks every
/// entry's checksum, so a file it accepts has no damaged part.
/// </summary>
/// <example><code>
/// var info = GenreModelInfo.Read("genre.mgmodel");
/// Console.WriteLine($"{info.Kind}: {string.Join(", ", info.Genres)}, trained on {info.Metadata.Dataset}");
/// </code></example>
public sealed class GenreModelInfo
{
    private GenreModelInfo(string kind, IReadOnlyList<string> genres, DateTimeOffset created, int formatVersion, string libraryVersion,
        string? inputColumnName, string? labelColumnName, GenreModelMetadata metadata, IReadOnlyList<GenreModelStepInfo> steps)
    {
        Kind = kind;
        Genres = genres;
        Created = created;
        FormatVersion = formatVersion;
        LibraryVersion = libraryVersion;
        InputColumnName = inputColumnName;
        LabelColumnName = labelColumnName;
        Metadata = metadata;
        Steps = steps;
    }

    /// <summary>The model kind (<see cref="GenreModelKinds"/>).</summary>
    public string Kind { get; }

    /// <summary>The genres, in the order of the model's <c>Score</c> column.</summary>
    public IReadOnlyList<string> Genres { get; }

    /// <summary>When the file was written (UTC).</summary>
    public DateTimeOffset Created { get; }

    /// <summary>The model file format version (2).</summary>
    public int FormatVersion { get; }

    /// <summary>The version of the MusicGenre library that wrote the file.</summary>
    public string LibraryVersion { get; }

    /// <summary>The audio path column the model starts at, or null when it does not start at the audio.</summary>
    public string? InputColumnName { get; }

    /// <summary>The label column its label-only steps read, or null.</summary>
    public string? LabelColumnName { get; }

    /// <summary>How it was trained (dataset, split, metrics, settings, tool).</summary>
    public GenreModelMetadata Metadata { get; }

    /// <summary>The steps of the chain, in order.</summary>
    public IReadOnlyList<GenreModelStepInfo> Steps { get; }

    /// <summary>Reads and checks a model file's manifest and entries, without building the model.</summary>
    /// <param name="path">The model file.</param>
    /// <exception cref="GenreModelFormatException">Not a MusicGenre model, damaged, or from an unsupported version; names the file and the part.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static GenreModelInfo Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = GenreModelCatalog.OpenModelFile(path);
        return Read(stream, path);
    }

    /// <summary>Reads and checks a model's manifest and entries from a stream, without building the model.</summary>
    /// <param name="stream">The model, from its current position (left open).</param>
    /// <param name="name">A name for error messages; default <c>stream</c>.</param>
    /// <exception cref="GenreModelFormatException">Not a MusicGenre model, damaged, or from an unsupported version.</exception>
    public static GenreModelInfo Read(Stream stream, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var source = name ?? "stream";
        return From(VerifiedModelFile.Open(VerifiedModelFile.ReadAll(stream, source), source));
    }

    internal static GenreModelInfo From(VerifiedModelFile file)
    {
        var m = file.Manifest;
        var steps = m.Steps.Select((step, i) => step.Kind == ManifestStep.MLNetKind
            ? new GenreModelStepInfo(step.Kind, "ML.NET: " + string.Join(" → ", step.Transformers ?? []), step.LabelOnly == true)
            : new GenreModelStepInfo(step.Kind, StepCodecs.ForKind(step.Kind)!.Describe(GenreModelReader.ReaderFor(file, i, ComputeDevice.Cpu)), false)).ToList();
        return new GenreModelInfo(m.Kind, m.Genres, m.Created, m.Version, m.Library, m.InputColumn, m.LabelColumn, m.Metadata.ToMetadata(), steps);
    }

    /// <summary>The description a fitted, unsaved chain would get (for a predictor built from one).</summary>
    internal static GenreModelInfo Describe(ITransformer model, DataViewSchema inputSchema, GenreModelMetadata? metadata)
    {
        var plan = ChainPlan.Of(model, inputSchema);
        var steps = plan.Steps.Select((step, i) => step switch
        {
            GenreStep genre => new GenreModelStepInfo(genre.Codec.Kind, genre.Codec.Describe(ReaderOf(genre, i)), false),
            MLNetSegment segment => new GenreModelStepInfo(ManifestStep.MLNetKind, "ML.NET: " + string.Join(" → ", segment.Parts.Select(p => p.GetType().Name)), segment.LabelOnly),
            _ => throw new InvalidOperationException("Unknown step."),
        }).ToList();
        return new GenreModelInfo(plan.Kind, plan.Genres, DateTimeOffset.UtcNow, ModelManifest.CurrentVersion, GenreModelWriter.LibraryVersion,
            plan.InputColumn, plan.LabelColumn, metadata ?? new GenreModelMetadata(), steps);
    }

    private static StepReader ReaderOf(GenreStep step, int index)
    {
        var payload = step.Codec.Write(step.Transformer);
        return new StepReader("the model", index, step.Codec.Kind, payload.Options, payload.Entries.ToDictionary(e => e.Name, e => e.Content), ComputeDevice.Cpu);
    }
}
