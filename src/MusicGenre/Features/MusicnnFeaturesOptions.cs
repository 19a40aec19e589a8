namespace MusicGenre.Features;

/// <summary>
/// Options of <see cref="MusicnnFeatures"/>: how a track's musicnn input is cut into 187-frame patches. The
/// spectrogram itself is fixed by the pretrained network (16 kHz, <c>n_fft</c> 512, hop 256, 96 Slaney mel bands up
/// to 8 kHz, float16 rounding, <c>log10(10000·x + 1)</c>) and is not configurable.
/// </summary>
public sealed class MusicnnFeaturesOptions
{
    /// <summary>Default values.</summary>
    public static class Defaults
    {
        /// <summary>Hop between patch starts, in frames: 187, i.e. non-overlapping patches as musicnn's own extractor.</summary>
        public const int PatchHop = 187;
    }

    /// <summary>
    /// Hop between the starts of consecutive patches, in frames (one frame = 256 samples = 16 ms); default 187
    /// (non-overlapping, musicnn's extractor). Essentia uses 93 (half-overlapping). Must be at least 1.
    /// </summary>
    public int PatchHop { get; set; } = Defaults.PatchHop;

    /// <summary>
    /// Keep at most this many patches per track, spread evenly over the track (first and last included); default
    /// null keeps all. Useful to bound the cost of long tracks or of training on many tracks. Must be at least 1.
    /// </summary>
    public int? MaxPatches { get; set; }

    /// <summary>Checks every option and throws one <see cref="ArgumentException"/> listing all problems.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (PatchHop < 1) problems.Add($"PatchHop {PatchHop} must be at least 1 frame.");
        if (MaxPatches is < 1) problems.Add($"MaxPatches {MaxPatches} must be at least 1 (or null for all).");
        if (problems.Count > 0)
            throw new ArgumentException("Invalid musicnn feature options: " + string.Join(" ", problems));
    }
}
