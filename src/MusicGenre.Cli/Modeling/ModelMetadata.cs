using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MusicGenre.Cli.Modeling;

/// <summary>
/// What the tool records inside a model file (an extra zip entry that ML.NET ignores): format version, kind, labels,
/// how it was trained. Read by <c>info</c>, and checked before loading so a file from another version fails clearly.
/// </summary>
internal sealed record ModelMetadata
{
    public const string EntryName = "musicgenre/model.json";
    public const string FormatName = "musicgenre-model";
    public const int CurrentFormatVersion = 1;

    public string Format { get; init; } = FormatName;
    public int FormatVersion { get; init; } = CurrentFormatVersion;
    public required string Kind { get; init; }
    public required IReadOnlyList<string> Labels { get; init; }
    public string ToolVersion { get; init; } = typeof(ModelMetadata).Assembly.GetName().Version?.ToString() ?? "?";
    public DateTimeOffset Created { get; init; } = DateTimeOffset.UtcNow;
    public string? Dataset { get; init; }
    public string? Split { get; init; }
    public double? TestAccuracy { get; init; }
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Adds (or replaces) the metadata entry in a zip model file.</summary>
    public void WriteInto(string modelPath)
    {
        using var zip = ZipFile.Open(modelPath, ZipArchiveMode.Update);
        zip.GetEntry(EntryName)?.Delete();
        var entry = zip.CreateEntry(EntryName, CompressionLevel.Optimal);
        using var stream = entry.Open();
        JsonSerializer.Serialize(stream, this, Json);
    }

    /// <summary>Reads and checks the metadata of a model file; every failure names the file and what is wrong.</summary>
    public static ModelMetadata Read(string modelPath)
    {
        if (Directory.Exists(modelPath)) throw new CliException($"{modelPath}: is a folder; give a model file (made by 'musicgenre train').");
        if (!File.Exists(modelPath)) throw new CliException($"{modelPath}: model file not found.");
        ModelMetadata? metadata;
        try
        {
            using var zip = ZipFile.OpenRead(modelPath);
            var entry = zip.GetEntry(EntryName)
                ?? throw new CliException($"{modelPath}: not a MusicGenre model file (no {EntryName} inside); train one with 'musicgenre train'.");
            using var stream = entry.Open();
            metadata = JsonSerializer.Deserialize<ModelMetadata>(stream, Json);
        }
        catch (InvalidDataException ex)
        {
            throw new CliException($"{modelPath}: not a MusicGenre model file (not a zip archive: {ex.Message}).");
        }
        catch (JsonException ex)
        {
            throw new CliException($"{modelPath}: the model description is corrupt ({ex.Message}).");
        }
        if (metadata is null || metadata.Format != FormatName)
            throw new CliException($"{modelPath}: not a MusicGenre model file (format '{metadata?.Format}').");
        if (metadata.FormatVersion != CurrentFormatVersion)
            throw new CliException($"{modelPath}: the model was saved by another version of MusicGenre (model format {metadata.FormatVersion}, tool {metadata.ToolVersion}); this tool reads format {CurrentFormatVersion}. Retrain it, or use the matching version of the tool.");
        if (!ModelKinds.All.Contains(metadata.Kind))
            throw new CliException($"{modelPath}: unknown model kind '{metadata.Kind}' (known: {string.Join(", ", ModelKinds.All)}).");
        return metadata;
    }
}
