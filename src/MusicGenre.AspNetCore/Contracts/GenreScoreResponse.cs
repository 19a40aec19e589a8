namespace MusicGenre.AspNetCore.Contracts;

/// <summary>One genre and its probability in a prediction response: <c>{"genre":"jazz","probability":0.81}</c>.</summary>
/// <param name="Genre">The genre name.</param>
/// <param name="Probability">Its probability (0–1).</param>
public sealed record GenreScoreResponse(string Genre, float Probability);
