namespace MusicGenre.AspNetCore.Contracts;

/// <summary>One analysis window of the timeline: <c>{"start":0,"end":4,"genre":"jazz","probability":0.7}</c>.</summary>
/// <param name="Start">Start of the window in the analysed audio, in seconds.</param>
/// <param name="End">End of the window, in seconds (at most the end of the analysed audio).</param>
/// <param name="Genre">The most probable genre of the window.</param>
/// <param name="Probability">Its probability (0–1).</param>
public sealed record GenreWindowResponse(double Start, double End, string Genre, float Probability);
