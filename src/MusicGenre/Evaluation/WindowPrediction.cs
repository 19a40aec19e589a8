namespace MusicGenre.Evaluation;

/// <summary>The genre probabilities of one analysis window of a track (one point of its genre timeline).</summary>
/// <param name="StartSeconds">Window start, in seconds from the start of the track.</param>
/// <param name="EndSeconds">Window end, in seconds.</param>
/// <param name="Probabilities">Probability per genre, in label (key) order.</param>
public sealed record WindowPrediction(double StartSeconds, double EndSeconds, IReadOnlyList<float> Probabilities)
{
    /// <summary>Index of the most probable genre.</summary>
    public int TopIndex
    {
        get
        {
            var best = 0;
            for (var i = 1; i < Probabilities.Count; i++) if (Probabilities[i] > Probabilities[best]) best = i;
            return best;
        }
    }
}
