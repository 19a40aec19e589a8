using MusicGenre.Evaluation;

namespace MusicGenre.Cli.Modeling;

/// <summary>A track's genre probabilities (in label order) and, for window-based models, its per-window timeline.</summary>
internal sealed record TrackPrediction(string Path, float[] Probabilities, IReadOnlyList<WindowPrediction> Windows)
{
    public int TopIndex => Array.IndexOf(Probabilities, Probabilities.Max());
}
