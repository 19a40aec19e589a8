using Microsoft.ML;
using Microsoft.ML.Data;
using MusicGenre.Features;

namespace MusicGenre.Cli.Modeling;

/// <summary>What every saved model starts at: a track's audio path (and its genre, when training or evaluating).</summary>
internal sealed class TrackRow
{
    public string Path { get; set; } = "";

    public string Label { get; set; } = "";

    /// <summary>The schema of these rows: the input schema of every model the tool saves.</summary>
    public static DataViewSchema Schema(MLContext mlContext) => mlContext.Data.LoadFromEnumerable(Array.Empty<TrackRow>()).Schema;

    /// <summary>The genre names as ML.NET key data (one text column named Label), so keys follow the dataset's sorted genres.</summary>
    public static IDataView Keys(MLContext mlContext, IEnumerable<string> labels)
        => mlContext.Data.LoadFromEnumerable(labels.Select(l => new LabelRow { Label = l }));

    private sealed class LabelRow
    {
        public string Label { get; set; } = "";
    }
}

/// <summary>A track's cached log-mel spectrogram (variable length) and genre.</summary>
internal sealed class SpectrogramRow
{
    public float[] Features { get; set; } = [];

    public string Label { get; set; } = "";
}

/// <summary>A track's cached summary features and genre.</summary>
internal sealed class SummaryRow
{
    [VectorType(SummaryFeaturesOptions.FeatureCount)]
    public float[] Features { get; set; } = [];

    public string Label { get; set; } = "";
}
