using MusicGenre.Features;
using MusicGenre.Models.Musicnn;

namespace MusicGenre.MLNet;

/// <summary>Options of <see cref="MusicnnEmbeddingEstimator"/>.</summary>
public sealed class MusicnnEmbeddingOptions
{
    /// <summary>Default values.</summary>
    public static class Defaults
    {
        /// <summary>Mean of the patch embeddings (200 values per track).</summary>
        public const MusicnnPooling Pooling = MusicnnPooling.Mean;

        /// <summary>Non-overlapping patches: 187 frames.</summary>
        public const int PatchHop = MusicnnFeaturesOptions.Defaults.PatchHop;

        /// <summary>Patches per forward pass: 16.</summary>
        public const int BatchSize = MusicnnEmbedder.DefaultBatchSize;
    }

    /// <summary>How the patches of a track are summarised; default <see cref="MusicnnPooling.Mean"/> (200 values).</summary>
    public MusicnnPooling Pooling { get; set; } = Defaults.Pooling;

    /// <summary>Hop between patch starts, in frames of 16 ms; default 187 (non-overlapping, as musicnn's extractor).</summary>
    public int PatchHop { get; set; } = Defaults.PatchHop;

    /// <summary>At most this many patches per track, spread evenly; default null (all). Bounds the cost of long tracks.</summary>
    public int? MaxPatches { get; set; }

    /// <summary>Patches per forward pass; default 16.</summary>
    public int BatchSize { get; set; } = Defaults.BatchSize;

    /// <summary>
    /// Where the pretrained weights come from: default downloads <c>MSD_musicnn.h5</c> once into the user cache
    /// (<see cref="MusicnnWeights.EnsureAsync"/>); set <see cref="MusicnnWeightsOptions.Path"/> to use a local file.
    /// Licence: <see cref="MusicnnWeights.License"/>.
    /// </summary>
    public MusicnnWeightsOptions Weights { get; set; } = new();

    /// <summary>The patch options these options imply.</summary>
    internal MusicnnFeaturesOptions FeatureOptions => new() { PatchHop = PatchHop, MaxPatches = MaxPatches };

    /// <summary>Checks every option and throws one <see cref="ArgumentException"/> listing all problems.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (!Enum.IsDefined(Pooling)) problems.Add($"Pooling {Pooling} is not a MusicnnPooling value.");
        if (PatchHop < 1) problems.Add($"PatchHop {PatchHop} must be at least 1 frame.");
        if (MaxPatches is < 1) problems.Add($"MaxPatches {MaxPatches} must be at least 1 (or null for all).");
        if (BatchSize < 1) problems.Add($"BatchSize {BatchSize} must be at least 1.");
        if (Weights is null) problems.Add("Weights must not be null.");
        else
        {
            try { Weights.Validate(); }
            catch (ArgumentException e) { problems.Add(e.Message); }
        }
        if (problems.Count > 0)
            throw new ArgumentException("Invalid musicnn embedding options: " + string.Join(" ", problems));
    }
}
