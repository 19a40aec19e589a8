namespace MusicGenre;

/// <summary>One analysis window of a network's prediction: where it is in the audio and what the network heard there.</summary>
/// <param name="Start">Start of the window in the analysed audio.</param>
/// <param name="End">End of the window (at most the end of the analysed audio).</param>
/// <param name="Genre">The most probable genre of the window.</param>
/// <param name="Probability">Its probability.</param>
/// <param name="Scores">Every genre with its probability in this window, highest first.</param>
public sealed record GenrePredictionWindow(TimeSpan Start, TimeSpan End, string Genre, float Probability, IReadOnlyList<GenreProbability> Scores);
