using MusicGenre.Features;

namespace MusicGenre.Models.Musicnn;

/// <summary>
/// Labelled musicnn patches for fine-tuning: <c>[Count, 187, 96]</c> features and one class index per patch (the
/// label of the track it comes from).
/// </summary>
public sealed class MusicnnPatchSet
{
    /// <summary>Patch size in floats (187 × 96).</summary>
    public const int PatchSize = MusicnnArchitecture.PatchFrames * MusicnnArchitecture.MelBands;

    /// <summary>Creates a set from patches and their labels.</summary>
    /// <param name="patches">Row-major <c>[count, 187, 96]</c>.</param>
    /// <param name="labels">Class index of each patch, in [0, <paramref name="classCount"/>).</param>
    /// <param name="classCount">Number of classes.</param>
    public MusicnnPatchSet(float[] patches, int[] labels, int classCount)
    {
        ArgumentNullException.ThrowIfNull(patches);
        ArgumentNullException.ThrowIfNull(labels);
        if (patches.Length != labels.Length * PatchSize)
            throw new ArgumentException($"{patches.Length} floats do not hold {labels.Length} patches of 187 × 96.", nameof(patches));
        if (labels.Length == 0) throw new ArgumentException("No patches.", nameof(labels));
        var bad = labels.FirstOrDefault(l => l < 0 || l >= classCount, -1);
        if (labels.Any(l => l < 0 || l >= classCount))
            throw new ArgumentException($"Label {bad} is outside [0, {classCount}).", nameof(labels));
        Patches = patches;
        Labels = labels;
        ClassCount = classCount;
    }

    /// <summary>Row-major <c>[Count, 187, 96]</c>.</summary>
    public float[] Patches { get; }

    /// <summary>Class index of each patch.</summary>
    public int[] Labels { get; }

    /// <summary>Number of classes.</summary>
    public int ClassCount { get; }

    /// <summary>Number of patches.</summary>
    public int Count => Labels.Length;

    /// <summary>Builds a set from 16 kHz tracks and their class indices, cutting each track into patches.</summary>
    /// <param name="tracks">Mono 16 kHz samples and class index of each track.</param>
    /// <param name="classCount">Number of classes.</param>
    /// <param name="featureOptions">Patch options (e.g. <see cref="MusicnnFeaturesOptions.MaxPatches"/> to bound the cost).</param>
    public static MusicnnPatchSet FromTracks(IEnumerable<(float[] Samples, int Label)> tracks, int classCount, MusicnnFeaturesOptions? featureOptions = null)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        var features = new MusicnnFeatures(featureOptions);
        var patches = new List<float>();
        var labels = new List<int>();
        foreach (var (samples, label) in tracks)
        {
            var p = features.ComputePatches(samples);
            patches.AddRange(p);
            labels.AddRange(Enumerable.Repeat(label, p.Length / PatchSize));
        }
        return new MusicnnPatchSet([.. patches], [.. labels], classCount);
    }
}
