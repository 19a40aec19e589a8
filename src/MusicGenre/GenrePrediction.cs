namespace MusicGenre;

/// <summary>
/// The genre of one piece of audio, as <see cref="GenrePredictor"/> predicts it: the most probable genre, every genre
/// with its probability, and for network models the genre of every analysis window. A failed item of
/// <see cref="GenrePredictor.PredictMany"/> carries its <see cref="Error"/> instead.
/// </summary>
public sealed class GenrePrediction
{
    internal GenrePrediction(string? source, IReadOnlyList<GenreProbability> scores, IReadOnlyList<GenrePredictionWindow>? timeline, TimeSpan duration)
    {
        Source = source;
        Scores = scores;
        Timeline = timeline;
        Duration = duration;
        Genre = scores.Count > 0 ? scores[0].Genre : "";
        Probability = scores.Count > 0 ? scores[0].Probability : 0;
    }

    private GenrePrediction(string? source, Exception error)
    {
        Source = source;
        Error = error;
        Genre = "";
        Scores = [];
    }

    /// <summary>The file path (or stream name) predicted; null for samples.</summary>
    public string? Source { get; }

    /// <summary>The most probable genre; empty when the prediction failed.</summary>
    public string Genre { get; }

    /// <summary>The probability of <see cref="Genre"/> (0–1).</summary>
    public float Probability { get; }

    /// <summary>Every genre of the model with its probability, highest first; empty when the prediction failed.</summary>
    public IReadOnlyList<GenreProbability> Scores { get; }

    /// <summary>
    /// Network models: the genre of every analysis window, in time order (the track's scores are their mean). With
    /// excerpts (<see cref="GenrePredictorOptions.Analysis"/>) the windows of every excerpt, timed in the track, and
    /// for other models one window per excerpt. Null for other models analysing the whole track.
    /// </summary>
    public IReadOnlyList<GenrePredictionWindow>? Timeline { get; }

    /// <summary>How much audio was analysed: the track after the model's offset and duration limits, or the excerpts together (<see cref="GenrePredictorOptions.Analysis"/>).</summary>
    public TimeSpan Duration { get; }

    /// <summary>Why the prediction failed (an unreadable file, for example); null when it succeeded.</summary>
    public Exception? Error { get; }

    /// <summary>True when the prediction succeeded.</summary>
    public bool Succeeded => Error is null;

    /// <summary>The probability of <paramref name="genre"/>, or 0 when the model does not know it.</summary>
    /// <param name="genre">A genre name.</param>
    public float ProbabilityOf(string genre)
    {
        foreach (var score in Scores)
            if (score.Genre == genre) return score.Probability;
        return 0;
    }

    internal static GenrePrediction Failed(string? source, Exception error) => new(source, error);
}
