using MusicGenre.Torch;

namespace MusicGenre;

/// <summary>How a <see cref="GenrePredictor"/> runs (settings only).</summary>
public sealed class GenrePredictorOptions
{
    /// <summary>Device for the networks of a loaded model; default <see cref="ComputeDevice.Auto"/> (CUDA when available).</summary>
    public ComputeDevice Device { get; set; } = ComputeDevice.Auto;

    /// <summary>
    /// How many files <see cref="GenrePredictor.PredictMany"/> decodes and predicts at once; default null: one per
    /// processor. The networks themselves run one forward pass at a time on all of torch's threads.
    /// </summary>
    public int? MaxDegreeOfParallelism { get; set; }

    /// <summary>
    /// How much of each track is analysed; default <see cref="GenreAnalysis.Default"/> (three 10 s excerpts of a track
    /// longer than 60 s, shorter ones whole). <see cref="GenreAnalysis.Whole"/> analyses every second.
    /// </summary>
    public GenreAnalysis Analysis { get; set; } = GenreAnalysis.Default;

    /// <summary>A copy.</summary>
    internal GenrePredictorOptions Clone() => (GenrePredictorOptions)MemberwiseClone();

    /// <summary>Throws one <see cref="ArgumentException"/> listing every invalid option.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (!Enum.IsDefined(Device)) problems.Add($"Device '{Device}' is not cpu, cuda or auto.");
        if (Analysis is null) problems.Add("Analysis must not be null (GenreAnalysis.Whole analyses the whole track).");
        if (MaxDegreeOfParallelism is < 1 or > 1024) problems.Add($"MaxDegreeOfParallelism must be null or 1..1024 (got {MaxDegreeOfParallelism}).");
        if (problems.Count > 0) throw new ArgumentException("Invalid genre predictor options: " + string.Join(" ", problems));
    }
}
