namespace MusicGenre.Models;

/// <summary>One window of a <see cref="GenreTimeline"/>: where it is in the track and what the network heard there.</summary>
/// <param name="Index">0-based window index.</param>
/// <param name="StartFrame">First spectrogram frame of the window.</param>
/// <param name="Start">Start time in the track (frame × hop / sample rate).</param>
/// <param name="Duration">Length of the window (frames × hop / sample rate).</param>
/// <param name="Probabilities">Probability per genre, in label (key) order; sums to 1.</param>
/// <param name="PredictedLabel">The most probable genre of the window.</param>
public sealed record GenreTimelineWindow(int Index, int StartFrame, TimeSpan Start, TimeSpan Duration, float[] Probabilities, string PredictedLabel);

/// <summary>
/// A track's genre over time: the probabilities of every window, and the track's prediction (the windows'
/// probabilities averaged, exactly what the <c>Score</c> column holds).
/// </summary>
/// <param name="Labels">Genre names, in key order.</param>
/// <param name="Windows">The windows in time order.</param>
/// <param name="Probabilities">Track probabilities (mean over windows), in key order.</param>
/// <param name="PredictedLabel">The most probable genre of the track.</param>
public sealed record GenreTimeline(IReadOnlyList<string> Labels, IReadOnlyList<GenreTimelineWindow> Windows, float[] Probabilities, string PredictedLabel);
