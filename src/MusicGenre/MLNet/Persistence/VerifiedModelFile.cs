using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace MusicGenre.MLNet.Persistence;

/// <summary>
/// A model file whose every byte that matters has been checked: the manifest against its checksum, every number and
/// string of the manifest against its bounds, and every other entry against the length and SHA-256 the manifest
/// lists (no entry missing, none extra). Nothing is built yet: this is cheap, and it is all <see cref="GenreModelInfo"/>
/// needs.
/// </summary>
internal sealed class VerifiedModelFile
{
    /// <summary>Largest model file read: what one array can hold.</summary>
    public static long MaxFileBytes => Array.MaxLength;

    private const int MaxEntries = 1024;
    private const int MaxSteps = 64;
    private const int MaxManifestBytes = 16 << 20;
    private const int MaxGenres = 1000;
    private const int MaxMetadataItems = 256;
    private const int MaxMetadataText = 4096;

    private VerifiedModelFile(string source, ModelManifest manifest, Dictionary<string, byte[]> entries)
    {
        Source = source;
        Manifest = manifest;
        Entries = entries;
    }

    public string Source { get; }

    public ModelManifest Manifest { get; }

    /// <summary>The verified content of every entry but the manifest's two.</summary>
    public IReadOnlyDictionary<string, byte[]> Entries { get; }

    /// <summary>Reads a whole stream (bounded) into memory.</summary>
    public static byte[] ReadAll(Stream stream, string source)
    {
        if (stream.CanSeek && stream.Length - stream.Position > MaxFileBytes)
            throw new GenreModelFormatException(source, $"it is {stream.Length - stream.Position} bytes, more than a model file can be ({MaxFileBytes}).");
        using var copy = new MemoryStream();
        var chunk = new byte[1 << 16];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (copy.Length + read > MaxFileBytes)
                throw new GenreModelFormatException(source, $"it is more than {MaxFileBytes} bytes, more than a model file can be.");
            copy.Write(chunk, 0, read);
        }
        if (copy.Length == 0) throw new GenreModelFormatException(source, "it is empty (0 bytes).");
        return copy.ToArray();
    }

    /// <exception cref="GenreModelFormatException">Anything is wrong; the message names the file, the part and what.</exception>
    public static VerifiedModelFile Open(byte[] bytes, string source)
    {
        string? part = null;
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            if (zip.Entries.Count > MaxEntries) throw new GenreModelFormatException(source, $"it has {zip.Entries.Count} zip entries, more than a model file has.");
            var byName = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
            foreach (var entry in zip.Entries)
                if (!byName.TryAdd(entry.FullName, entry)) throw new GenreModelFormatException(source, entry.FullName, "the zip holds this entry twice.");
            if (!byName.TryGetValue(ModelManifest.Entry, out var manifestEntry)) throw NotAVersion2File(source, byName);

            part = ModelManifest.ChecksumEntry;
            if (!byName.TryGetValue(ModelManifest.ChecksumEntry, out var checksumEntry) || checksumEntry.Length is < 64 or > 128)
                throw new GenreModelFormatException(source, part, "the manifest's checksum is missing.");
            var expected = Encoding.ASCII.GetString(ModelZip.Read(checksumEntry, checksumEntry.Length)).Trim();
            part = ModelManifest.Entry;
            if (manifestEntry.Length is <= 0 or > MaxManifestBytes)
                throw new GenreModelFormatException(source, part, $"it claims {manifestEntry.Length} bytes.");
            var manifestBytes = ModelZip.Read(manifestEntry, manifestEntry.Length);
            if (!string.Equals(ModelZip.Sha256(manifestBytes), expected, StringComparison.Ordinal))
                throw new GenreModelFormatException(source, part, "its checksum does not match: the file is damaged or was modified.");
            var manifest = Parse(manifestBytes, source);

            var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var name in byName.Keys.Where(n => n != ModelManifest.Entry && n != ModelManifest.ChecksumEntry))
                if (!manifest.Entries.ContainsKey(name)) throw new GenreModelFormatException(source, name, "the manifest does not list this entry.");
            foreach (var (name, listed) in manifest.Entries)
            {
                part = name;
                if (!byName.TryGetValue(name, out var entry)) throw new GenreModelFormatException(source, name, "the entry is missing.");
                var content = ModelZip.Read(entry, listed.Length);
                if (!string.Equals(ModelZip.Sha256(content), listed.Sha256, StringComparison.Ordinal))
                    throw new GenreModelFormatException(source, name, "its checksum does not match: the file is damaged or was modified.");
                entries[name] = content;
            }
            return new VerifiedModelFile(source, manifest, entries);
        }
        catch (Exception e) when (e is not GenreModelFormatException && e is not OutOfMemoryException)
        {
            throw new GenreModelFormatException(source, part, part is null
                ? $"it is not a zip archive, or it is truncated or damaged ({e.Message})."
                : $"it cannot be read ({e.Message}).", e);
        }
    }

    private static GenreModelFormatException NotAVersion2File(string source, Dictionary<string, ZipArchiveEntry> entries)
    {
        if (entries.ContainsKey("MusicGenre/manifest.json") || entries.ContainsKey("musicgenre/model.json"))
            return new GenreModelFormatException(source,
                "it was written by MusicGenre 0.1 in model format 1, which this version no longer reads (it reads format 2). " +
                "Re-create it: train again with 'musicgenre train ...', or fit the chain again and save it with mlContext.Model.SaveGenreModel.");
        if (entries.ContainsKey(LoaderDecoy.ChainEntry) || entries.ContainsKey(LoaderDecoy.SchemaEntry))
            return new GenreModelFormatException(source,
                $"it has no '{ModelManifest.Entry}': it is a plain ML.NET model, not one written by SaveGenreModel; load it with mlContext.Model.Load.");
        return new GenreModelFormatException(source, $"it is a zip archive but not a MusicGenre model (no '{ModelManifest.Entry}').");
    }

    private static ModelManifest Parse(byte[] manifestBytes, string source)
    {
        const string part = ModelManifest.Entry;
        ModelManifest manifest;
        try
        {
            using var document = JsonDocument.Parse(manifestBytes, new JsonDocumentOptions { MaxDepth = ModelManifest.Json.MaxDepth });
            var root = document.RootElement;
            var format = root.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
            if (format != ModelManifest.FormatName)
                throw new GenreModelFormatException(source, part, $"it names the format '{format}', not '{ModelManifest.FormatName}'.");
            int version = root.TryGetProperty("version", out var v) && v.TryGetInt32(out var n) ? n : -1;
            var library = root.TryGetProperty("library", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString() : "?";
            if (version != ModelManifest.CurrentVersion)
                throw new GenreModelFormatException(source, part, version > ModelManifest.CurrentVersion
                    ? $"it is model format {version}, written by MusicGenre {Shorten(library)}; this MusicGenre ({GenreModelWriter.LibraryVersion}) reads format {ModelManifest.CurrentVersion}. Use a newer MusicGenre."
                    : $"it claims model format {version}; this MusicGenre reads format {ModelManifest.CurrentVersion}.");
            manifest = root.Deserialize<ModelManifest>(ModelManifest.Json) ?? throw new JsonException("the manifest is empty");
        }
        catch (JsonException e)
        {
            throw new GenreModelFormatException(source, part, "it is not valid JSON of a model manifest: " + e.Message, e);
        }
        var problems = new BoundsCheck();
        Check(manifest, problems);
        if (problems.Problems.Count > 0) throw new GenreModelFormatException(source, part, string.Join(" ", problems.Problems));
        return manifest;
    }

    private static void Check(ModelManifest m, BoundsCheck problems)
    {
        problems.Name(m.Library, "library");
        problems.That(GenreModelKinds.All.Contains(m.Kind), $"kind '{Shorten(m.Kind)}' is not one of {string.Join(", ", GenreModelKinds.All)}.");
        problems.Count(m.Genres, "genres", 0, MaxGenres);
        foreach (var genre in (m.Genres ?? []).Take(MaxGenres)) problems.Name(genre, "a genre");
        problems.Name(m.InputColumn, "inputColumn", optional: true);
        problems.Name(m.LabelColumn, "labelColumn", optional: true);
        problems.Count(m.Entries, "entries", 2, MaxEntries);
        foreach (var (name, entry) in (m.Entries ?? []).Take(MaxEntries))
        {
            problems.Name(name, "an entry name");
            problems.That(entry is not null && entry.Sha256 is { Length: 64 } && entry.Sha256.All(char.IsAsciiHexDigitLower), $"entry '{Shorten(name)}' has no valid SHA-256.");
            if (entry is not null) problems.Int(entry.Length, $"the length of entry '{Shorten(name)}'", 0, MaxFileBytes);
        }
        problems.That(m.Entries?.ContainsKey(LoaderDecoy.SchemaEntry) == true, $"the entry '{LoaderDecoy.SchemaEntry}' (the input schema) is not listed.");
        problems.Count(m.Steps, "steps", 1, MaxSteps);
        var stepKinds = StepCodecs.Kinds.Append(ManifestStep.MLNetKind).ToHashSet(StringComparer.Ordinal);
        for (int i = 0; i < Math.Min(m.Steps?.Count ?? 0, MaxSteps); i++)
        {
            var step = m.Steps![i];
            if (step is null || !stepKinds.Contains(step.Kind ?? ""))
            {
                problems.Problems.Add($"step {i} has the unknown kind '{Shorten(step?.Kind)}' (known: {string.Join(", ", stepKinds)}).");
                continue;
            }
            problems.Count(step.Entries, $"step {i}'s entries", step.Kind == ManifestStep.MLNetKind ? 1 : 0, step.Kind == ManifestStep.MLNetKind ? 1 : 16);
            foreach (var name in (step.Entries ?? []).Take(16))
                problems.That(name is not null && name.StartsWith($"steps/{i}/", StringComparison.Ordinal) && m.Entries?.ContainsKey(name) == true,
                    $"step {i} names the entry '{Shorten(name)}', which is not one of its own listed entries.");
            if (step.Kind == ManifestStep.MLNetKind)
            {
                problems.Count(step.Requires ?? [], $"step {i}'s required columns", step.LabelOnly == true ? 1 : 0, step.LabelOnly == true ? 16 : 0);
                foreach (var column in (step.Requires ?? []).Take(16)) problems.Name(column, $"a column step {i} requires");
                problems.Count(step.Transformers ?? [], $"step {i}'s transformer list", 0, 256);
                foreach (var t in (step.Transformers ?? []).Take(256)) problems.That(t is { Length: <= 1024 }, $"step {i}'s transformer list is malformed.");
            }
            else problems.That(step.Options is { ValueKind: JsonValueKind.Object }, $"step {i} ({step.Kind}) has no options.");
        }
        var metadata = m.Metadata;
        problems.That(metadata is not null, "metadata is missing.");
        if (metadata is null) return;
        Text(metadata.Dataset, "metadata.dataset", problems);
        Text(metadata.Split, "metadata.split", problems);
        Text(metadata.TrainedBy, "metadata.trainedBy", problems);
        Text(metadata.ToolVersion, "metadata.toolVersion", problems);
        problems.Count(metadata.Metrics, "metadata.metrics", 0, MaxMetadataItems);
        foreach (var (name, value) in (metadata.Metrics ?? []).Take(MaxMetadataItems))
        {
            problems.Name(name, "a metric name");
            problems.That(double.IsFinite(value), $"metric '{Shorten(name)}' is not finite.");
        }
        problems.Count(metadata.Settings, "metadata.settings", 0, MaxMetadataItems);
        foreach (var (name, value) in (metadata.Settings ?? []).Take(MaxMetadataItems))
        {
            problems.Name(name, "a setting name");
            Text(value, $"setting '{Shorten(name)}'", problems);
        }
    }

    private static void Text(string? value, string name, BoundsCheck problems)
        => problems.That(value is null || value.Length <= MaxMetadataText, $"{name} is longer than {MaxMetadataText} characters.");

    private static string Shorten(string? text) => text is null ? "" : text.Length <= 40 ? text : text[..40] + "…";
}
