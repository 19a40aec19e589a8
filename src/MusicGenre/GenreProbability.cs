namespace MusicGenre;

/// <summary>One genre and its probability (0–1).</summary>
/// <param name="Genre">The genre name.</param>
/// <param name="Probability">Its probability; over all genres of a prediction they sum to 1.</param>
public readonly record struct GenreProbability(string Genre, float Probability);
