namespace MusicGenre.Datasets;

/// <summary>One generated clip of the synthetic dataset.</summary>
/// <param name="Id">Track id, e.g. <c>synthetic-waltz.00003</c>.</param>
/// <param name="Label">The synthetic class, e.g. <c>waltz</c>.</param>
/// <param name="Samples">Mono float32 samples in [-1, 1].</param>
/// <param name="SampleRate">Sample rate in Hz.</param>
public sealed record SyntheticClip(string Id, string Label, float[] Samples, int SampleRate);
