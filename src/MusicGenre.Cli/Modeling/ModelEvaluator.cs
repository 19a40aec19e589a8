using MusicGenre.Datasets;
using MusicGenre.Evaluation;

namespace MusicGenre.Cli.Modeling;

/// <summary>Runs a model over test tracks in parallel and computes track- and window-level metrics.</summary>
internal static class ModelEvaluator
{
    public sealed record Result(GenreMetrics Track, GenreMetrics? Window, IReadOnlyList<TrackPrediction> Predictions, IReadOnlyList<DatasetIssue> Failures);

    public static Result Evaluate(IGenreModel model, IReadOnlyList<GenreTrack> tracks, Action<int>? progress, CancellationToken ct)
    {
        var labelIndex = model.Labels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i, StringComparer.Ordinal);
        var unknown = tracks.Select(t => t.Label).Distinct().Where(l => !labelIndex.ContainsKey(l)).ToList();
        if (unknown.Count > 0)
            throw new CliException($"The model does not know the genre(s) {string.Join(", ", unknown.Select(u => $"'{u}'"))} (it knows {string.Join(", ", model.Labels)}).");
        var predictions = new TrackPrediction?[tracks.Count];
        var failures = new List<DatasetIssue>();
        var done = 0;
        Parallel.For(0, tracks.Count, new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            try { predictions[i] = model.Predict(tracks[i].Path, ct); }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                lock (failures) failures.Add(new DatasetIssue(tracks[i].Path, DatasetIssueKind.Unreadable, ex.Message));
            }
            progress?.Invoke(Interlocked.Increment(ref done));
        });

        var trackConfusion = new ConfusionMatrix(model.Labels);
        var windowConfusion = new ConfusionMatrix(model.Labels);
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
