using MusicGenre.Evaluation;

namespace MusicGenre.Cli.Modeling;

/// <summary>A track's genre probabilities (in label order) and, for window-based models, its per-window timeline.</summary>
internal sealed record TrackPrediction(string Path, float[] Probabilities, IReadOnlyList<WindowPrediction> Windows)
{
    public int TopIndex => Array.IndexOf(Probabilities, Probabilities.Max());

    /// <summary>A library prediction laid out in <paramref name="labels"/> order.</summary>
    public static TrackPrediction From(GenrePrediction prediction, IReadOnlyList<string> labels)
    {
        float[] InOrder(IReadOnlyList<GenreProbability> scores)
        {
            var byGenre = scores.ToDictionary(s => s.Genre, s => s.Probability, StringComparer.Ordinal);
            return labels.Select(l => byGenre.GetValueOrDefault(l)).ToArray();
        }
        var windows = prediction.Timeline?.Select(w => new WindowPrediction(w.Start.TotalSeconds, w.End.TotalSeconds, InOrder(w.Scores))).ToList() ?? [];
        return new TrackPrediction(prediction.Source ?? "", InOrder(prediction.Scores), windows);
    }
}
