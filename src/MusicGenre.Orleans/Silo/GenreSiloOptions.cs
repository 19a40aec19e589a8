namespace MusicGenre.Orleans.Silo;

/// <summary>What a classifier silo serves and how much it does at once (settings only).</summary>
public sealed class GenreSiloOptions
{
    /// <summary>The model file (any kind; written by the library or <c>musicgenre train</c>). Loaded once, when the silo starts.</summary>
    public string ModelPath { get; set; } = "";

    /// <summary>How many tracks the silo classifies at once; default null: one per processor.</summary>
    public int? Workers { get; set; }

    /// <summary>Device and parallelism of the predictor; null for the defaults (CUDA when available).</summary>
    public GenrePredictorOptions? Predictor { get; set; }

    /// <summary>The number of workers these options give on this machine.</summary>
    public int EffectiveWorkers => Workers ?? Environment.ProcessorCount;

    /// <summary>A copy.</summary>
    internal GenreSiloOptions Clone() => (GenreSiloOptions)MemberwiseClone();

    /// <summary>Throws one <see cref="ArgumentException"/> listing every invalid option.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ModelPath)) problems.Add("ModelPath is required.");
        if (Workers is < 1 or > 1024) problems.Add($"Workers must be null or 1..1024 (got {Workers}).");
        if (problems.Count > 0) throw new ArgumentException("Invalid genre silo options: " + string.Join(" ", problems));
        Predictor?.Validate();
    }
}
