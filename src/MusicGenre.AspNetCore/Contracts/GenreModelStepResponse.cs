namespace MusicGenre.AspNetCore.Contracts;

/// <summary>One step of the served model's chain.</summary>
/// <param name="Kind">The step kind (<c>LoadAudio</c>, <c>MelSpectrogram</c>, <c>SummaryFeatures</c>, <c>MusicnnEmbedding</c>, <c>GenreNetwork</c> or <c>MLNet</c>).</param>
/// <param name="Description">A readable summary.</param>
/// <param name="LabelOnly">True when the step only produces the label (skipped when predicting).</param>
public sealed record GenreModelStepResponse(string Kind, string Description, bool LabelOnly);
