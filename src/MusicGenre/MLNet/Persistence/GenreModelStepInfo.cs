namespace MusicGenre.MLNet.Persistence;

/// <summary>One step of a saved chain, as its manifest describes it.</summary>
/// <param name="Kind">The step kind: <c>LoadAudio</c>, <c>MelSpectrogram</c>, <c>SummaryFeatures</c>, <c>MusicnnEmbedding</c>, <c>GenreNetwork</c>, or <c>MLNet</c> for a run of ML.NET's own transformers.</param>
/// <param name="Description">A readable summary (columns, shapes, parameter counts, the ML.NET transformers).</param>
/// <param name="LabelOnly">True when the step only produces the label (it is skipped when the input has no label).</param>
public sealed record GenreModelStepInfo(string Kind, string Description, bool LabelOnly);
