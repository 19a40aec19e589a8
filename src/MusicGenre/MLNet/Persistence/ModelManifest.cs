using System.Text.Json;
using System.Text.Json.Serialization;

namespace MusicGenre.MLNet.Persistence;

/// <summary>
/// <c>musicgenre/manifest.json</c>: what the file holds and how to rebuild it. Its SHA-256 is in
/// <c>musicgenre/manifest.sha256</c>, and it lists the SHA-256 and length of every other entry, so every byte that
/// matters is covered by a checksum.
/// </summary>
internal sealed class ModelManifest
{
    public const string FormatName = "musicgenre-model";
    public const int CurrentVersion = 2;
    public const string Entry = "musicgenre/manifest.json";
    public const string ChecksumEntry = "musicgenre/manifest.sha256";

    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        MaxDepth = 16,
        NumberHandling = JsonNumberHandling.Strict,
    };

    public string Format { get; set; } = "";
    public int Version { get; set; }
    public string Library { get; set; } = "";
    public DateTimeOffset Created { get; set; }
    public string Kind { get; set; } = "";
    public List<string> Genres { get; set; } = [];
    public string? InputColumn { get; set; }
    public string? LabelColumn { get; set; }
    public List<ManifestStep> Steps { get; set; } = [];
    public ManifestMetadata Metadata { get; set; } = new();
    public Dictionary<string, ManifestEntry> Entries { get; set; } = [];
}

/// <summary>One step: a MusicGenre step (kind, options, entries) or a run of ML.NET transformers (<c>MLNet</c>).</summary>
internal sealed class ManifestStep
{
    public const string MLNetKind = "MLNet";

    public string Kind { get; set; } = "";
    public JsonElement? Options { get; set; }
    public List<string> Entries { get; set; } = [];

    /// <summary>MLNet steps only: true when the step only produces the label column(s) in <see cref="Requires"/>.</summary>
    public bool? LabelOnly { get; set; }

    /// <summary>MLNet label-only steps: the input columns without which the step is skipped.</summary>
    public List<string>? Requires { get; set; }

    /// <summary>MLNet steps: the ML.NET transformer types, for people reading the manifest.</summary>
    public List<string>? Transformers { get; set; }
}

/// <summary>The stored form of <see cref="GenreModelMetadata"/>.</summary>
internal sealed class ManifestMetadata
{
    public string? Dataset { get; set; }
    public string? Split { get; set; }
    public Dictionary<string, double> Metrics { get; set; } = [];
    public Dictionary<string, string> Settings { get; set; } = [];
    public string? TrainedBy { get; set; }
    public string? ToolVersion { get; set; }

    public static ManifestMetadata From(GenreModelMetadata? metadata) => new()
    {
        Dataset = metadata?.Dataset,
        Split = metadata?.Split,
        Metrics = metadata?.Metrics.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal) ?? [],
        Settings = metadata?.Settings.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal) ?? [],
        TrainedBy = metadata?.TrainedBy,
        ToolVersion = metadata?.ToolVersion,
    };

    public GenreModelMetadata ToMetadata() => new()
    {
        Dataset = Dataset,
        Split = Split,
        Metrics = new Dictionary<string, double>(Metrics, StringComparer.Ordinal),
        Settings = new Dictionary<string, string>(Settings, StringComparer.Ordinal),
        TrainedBy = TrainedBy,
        ToolVersion = ToolVersion,
    };
}

/// <summary>The checksum and length of one zip entry.</summary>
internal sealed class ManifestEntry
{
    public string Sha256 { get; set; } = "";
    public long Length { get; set; }
}
