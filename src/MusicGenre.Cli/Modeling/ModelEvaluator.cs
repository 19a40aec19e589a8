using MusicGenre.Datasets;
using MusicGenre.Evaluation;

namespace MusicGenre.Cli.Modeling;

/// <summary>Predicts test tracks in parallel and computes track- and window-level metrics.</summary>
internal static class ModelEvaluator
{
    public sealed record Result(GenreMetrics Track, GenreMetrics? Window, IReadOnlyList<TrackPrediction> Predictions, IReadOnlyList<DatasetIssue> Failures);

    /// <summary>Evaluates a loaded model: every track through the library's <see cref="GenrePredictor.PredictMany"/>.</summary>
    public static Result Evaluate(GenrePredictor predictor, IReadOnlyList<string> labels, IReadOnlyList<GenreTrack> tracks, Action<int>? progress, CancellationToken ct)
    {
        CheckGenres(labels, tracks);
        var byPath = new Dictionary<string, TrackPrediction>(StringComparer.Ordinal);
        var failures = new List<DatasetIssue>();
        var done = 0;
        foreach (var result in predictor.PredictMany(tracks.Select(t => t.Path), ct))
        {
            if (result.Succeeded) byPath[result.Source!] = TrackPrediction.From(result, labels);
            else failures.Add(new DatasetIssue(result.Source ?? "", DatasetIssueKind.Unreadable, result.Error!.Message));
            progress?.Invoke(++done);
        }
        return Summarise(labels, tracks, tracks.Select(t => byPath.GetValueOrDefault(t.Path)).ToArray(), failures);
    }

    /// <summary>Evaluates a model the tool has just trained (it may score tracks from remembered embeddings).</summary>
    public static Result Evaluate(TrainedModel model, IReadOnlyList<GenreTrack> tracks, Action<int>? progress, CancellationToken ct)
    {
        CheckGenres(model.Labels, tracks);
        var predictions = new TrackPrediction?[tracks.Count];
        var failures = new List<DatasetIssue>();
        var done = 0;
        Parallel.For(0, tracks.Count, new ParallelOptions { CancellationToken = ct }, i =>
        {
            try { predictions[i] = model.Predict(tracks[i].Path, ct); }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                lock (failures) failures.Add(new DatasetIssue(tracks[i].Path, DatasetIssueKind.Unreadable, ex.Message));
            }
            progress?.Invoke(Interlocked.Increment(ref done));
        });
        return Summarise(model.Labels, tracks, predictions, failures);
    }

    private static void CheckGenres(IReadOnlyList<string> labels, IReadOnlyList<GenreTrack> tracks)
    {
        if (tracks.Count == 0) throw new CliException("There are no tracks to evaluate.");
        var unknown = tracks.Select(t => t.Label).Distinct().Where(l => !labels.Contains(l)).ToList();
        if (unknown.Count > 0)
            throw new CliException($"The model does not know the genre(s) {string.Join(", ", unknown.Select(u => $"'{u}'"))} (it knows {string.Join(", ", labels)}).");
    }

    private static Result Summarise(IReadOnlyList<string> labels, IReadOnlyList<GenreTrack> tracks, TrackPrediction?[] predictions, List<DatasetIssue> failures)
    {
        var labelIndex = labels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i, StringComparer.Ordinal);
        var trackConfusion = new ConfusionMatrix(labels);
        var windowConfusion = new ConfusionMatrix(labels);
        var anyWindows = false;
        for (var i = 0; i < tracks.Count; i++)
        {
            if (predictions[i] is not { } p) continue;
            var actual = labelIndex[tracks[i].Label];
            trackConfusion.Add(actual, p.TopIndex);
            foreach (var w in p.Windows)
            {
                windowConfusion.Add(actual, w.TopIndex);
                anyWindows = true;
            }
        }
        if (trackConfusion.Total == 0)
            throw new CliException($"None of the {tracks.Count} test tracks could be read; first problem: {failures.FirstOrDefault()}");
        return new Result(GenreMetrics.FromConfusion(trackConfusion), anyWindows ? GenreMetrics.FromConfusion(windowConfusion) : null,
            predictions.OfType<TrackPrediction>().ToList(), failures);
    }
}
