namespace MusicGenre.Evaluation;

/// <summary>Precision, recall and F1 of one genre.</summary>
/// <param name="Label">The genre.</param>
/// <param name="Precision">Of the items predicted as this genre, the fraction that are (0 when none was predicted).</param>
/// <param name="Recall">Of the items of this genre, the fraction predicted as it (0 when the genre has no item).</param>
/// <param name="F1">Harmonic mean of precision and recall (0 when both are 0).</param>
/// <param name="Support">Number of items of this genre.</param>
public sealed record GenreScore(string Label, double Precision, double Recall, double F1, long Support);
