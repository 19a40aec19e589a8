using System.Collections.Concurrent;
using Microsoft.ML;
using MusicGenre.Audio;
using MusicGenre.Datasets;
using MusicGenre.MLNet;
using MusicGenre.MLNet.Persistence;
using MusicGenre.Tests.MLNet;

namespace MusicGenre.Tests.Persistence;

/// <summary>The application predictor: paths, streams and samples agree; PredictMany streams results and errors; threads.</summary>
[Collection(ModelZooCollection.Name)]
public class GenrePredictorTests(ModelZoo zoo)
{
    [Fact]
    public void PathStreamAndSamplesGiveTheSamePrediction_ResamplingSamplesAsDecodingWould()
    {
        using var predictor = GenrePredictor.Load(zoo.Library("cnn-lstm").Path);
        var probe = zoo.Probes[1];
        var fromPath = predictor.Predict(probe);
        using var stream = File.OpenRead(probe);
        var fromStream = predictor.Predict(stream, "upload.wav");
        var native = AudioFile.Load(probe, new AudioLoadOptions { SampleRate = null });
        var fromSamples = predictor.Predict(native.Samples, native.SampleRate);
        Assert.Equal(fromPath.Scores, fromStream.Scores);
        Assert.Equal(fromPath.Scores, fromSamples.Scores);
        Assert.Equal(probe, fromPath.Source);
        Assert.Equal("upload.wav", fromStream.Source);
        Assert.Null(fromSamples.Source);
        Assert.Equal(TimeSpan.FromSeconds(3.5), fromPath.Duration);

        // A 44.1 kHz file: the predictor resamples samples with the library's resampler, exactly as decoding the file does.
        var at44k = zoo.Combine("probe-44k.wav");
        var upsampled = AudioFile.Load(probe, new AudioLoadOptions { SampleRate = 44100 });
        WavFileWriter.Write(at44k, upsampled.Samples, 44100);
        var decoded = AudioFile.Load(at44k, new AudioLoadOptions { SampleRate = null });
        Assert.Equal(predictor.Predict(at44k).Scores, predictor.Predict(decoded.Samples, 44100).Scores);
        Assert.Throws<ArgumentOutOfRangeException>(() => predictor.Predict(decoded.Samples, 47));
    }

    [Fact]
    public void APredictionHasEveryGenreHighestFirst_AndANetworkGivesItsTimeline()
    {
        using var network = GenrePredictor.Load(zoo.Library("crnn").Path);
        var prediction = network.Predict(zoo.Probes[0]);
        Assert.True(prediction.Succeeded);
        Assert.Equal(network.Genres.Order(), prediction.Scores.Select(s => s.Genre).Order());
        Assert.Equal(prediction.Scores.OrderByDescending(s => s.Probability).Select(s => s.Probability), prediction.Scores.Select(s => s.Probability));
        Assert.Equal(1f, prediction.Scores.Sum(s => s.Probability), 4);
        Assert.Equal(prediction.Scores[0].Genre, prediction.Genre);
        Assert.Equal(prediction.Scores[0].Probability, prediction.Probability);
        var timeline = Assert.IsAssignableFrom<IReadOnlyList<GenrePredictionWindow>>(prediction.Timeline);
        Assert.Equal(2, timeline.Count); // 3.5 s at hop 512 is 151 frames: whole windows of 64 frames start at 0 and 64
        Assert.Equal(TimeSpan.Zero, timeline[0].Start);
        Assert.True(timeline[^1].End <= prediction.Duration);
        foreach (var genre in network.Genres)
            Assert.Equal(timeline.Average(w => w.Scores.Single(s => s.Genre == genre).Probability), prediction.ProbabilityOf(genre), 5);

        using var classical = GenrePredictor.Load(zoo.Library("classical").Path);
        Assert.Null(classical.Predict(zoo.Probes[0]).Timeline);
        Assert.Equal(GenreModelKinds.Classical, classical.Kind);
    }

    [Fact]
    public void PredictMany_ReturnsEveryInputOnce_WithUnreadableFilesAsResults()
    {
        using var predictor = GenrePredictor.Load(zoo.Library("classical").Path, new GenrePredictorOptions { MaxDegreeOfParallelism = 3 });
        var broken = zoo.Combine("broken.wav");
        File.WriteAllText(broken, "not audio");
        var inputs = zoo.Probes.Concat(zoo.Probes).Append(broken).Append(zoo.Combine("missing.wav")).Append("").ToList();
        var results = predictor.PredictMany(inputs).ToList();
        Assert.Equal(inputs.Order(), results.Select(r => r.Source ?? "").Order());
        Assert.Equal(3, results.Count(r => !r.Succeeded));
        Assert.IsType<AudioFormatException>(results.Single(r => r.Source == broken).Error);
        Assert.IsType<FileNotFoundException>(results.Single(r => r.Source == inputs[^2]).Error);
        foreach (var ok in results.Where(r => r.Succeeded))
            Assert.Equal(predictor.Predict(ok.Source!).Scores, ok.Scores);
        Assert.Empty(predictor.PredictMany([]));
    }

    [Theory]
    [InlineData("cnn-lstm")]
    [InlineData("crnn")]
    public void PredictMany_InParallel_GivesEachNetworkTrackTheScoresAndTimelineOfPredict(string kind)
    {
        using var predictor = GenrePredictor.Load(zoo.Library(kind).Path, new GenrePredictorOptions { MaxDegreeOfParallelism = 3 });
        var broken = zoo.Combine("broken-batch.wav");
        File.WriteAllText(broken, "not audio");
        var inputs = Enumerable.Range(0, 4).SelectMany(_ => zoo.Probes).Append(broken).ToList();
        var results = predictor.PredictMany(inputs).ToList();
        Assert.Equal(inputs.Order(), results.Select(r => r.Source!).Order());
        Assert.IsType<AudioFormatException>(Assert.Single(results, r => !r.Succeeded).Error);
        foreach (var batched in results.Where(r => r.Succeeded))
        {
            var alone = predictor.Predict(batched.Source!);
            Assert.Equal(alone.Scores, batched.Scores); // bit for bit
            Assert.Equal(alone.Timeline!.Select(w => (w.Start, w.End, w.Scores.ToList())), batched.Timeline!.Select(w => (w.Start, w.End, w.Scores.ToList())), new TimelineComparer());
        }
    }

    private sealed class TimelineComparer : IEqualityComparer<(TimeSpan, TimeSpan, List<GenreProbability>)>
    {
        public bool Equals((TimeSpan, TimeSpan, List<GenreProbability>) a, (TimeSpan, TimeSpan, List<GenreProbability>) b)
            => a.Item1 == b.Item1 && a.Item2 == b.Item2 && a.Item3.SequenceEqual(b.Item3);

        public int GetHashCode((TimeSpan, TimeSpan, List<GenreProbability>) value) => value.Item1.GetHashCode();
    }

    [Fact]
    public void PredictMany_StopsWhenCancelled_AndStartsNothingMore()
    {
        using var predictor = GenrePredictor.Load(zoo.Library("classical").Path, new GenrePredictorOptions { MaxDegreeOfParallelism = 1 });
        var started = 0;
        IEnumerable<string> Paths()
        {
            for (int i = 0; i < 1000; i++)
            {
                Interlocked.Increment(ref started);
                yield return zoo.Probes[i % zoo.Probes.Count];
            }
        }
        using var cancellation = new CancellationTokenSource();
        var received = 0;
        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            foreach (var _ in predictor.PredictMany(Paths(), cancellation.Token))
                if (++received == 2) cancellation.Cancel();
        });
        Assert.Equal(2, received);
        Assert.True(started < 20, $"{started} paths were taken after cancellation at the second result");

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => predictor.PredictMany(zoo.Probes, cancelled.Token).ToList());
        Assert.ThrowsAny<OperationCanceledException>(() => predictor.Predict(zoo.Probes[0], cancelled.Token));
    }

    [Fact]
    public void ManyThreadsAtOnceGetTheSamePredictions()
    {
        using var predictor = GenrePredictor.Load(zoo.Library("cnn-gru").Path);
        var expected = zoo.Probes.Select(p => predictor.Predict(p).Scores.ToArray()).ToArray();
        var differences = new ConcurrentBag<string>();
        Parallel.For(0, 24, new ParallelOptions { MaxDegreeOfParallelism = 6 }, i =>
        {
            var scores = predictor.Predict(zoo.Probes[i % 3]).Scores;
            if (!scores.SequenceEqual(expected[i % 3])) differences.Add($"call {i}");
        });
        Assert.Empty(differences);
    }

    [Fact]
    public void CreateFromAFittedChainInMemory_PredictsAsTheSavedFileDoes_AndRefusesChainsThatDoNotStartAtTheAudio()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(zoo.Dataset.Tracks.Select(t => new MusicGenre.Cli.Modeling.TrackRow { Path = t.Path, Label = t.Label }));
        var model = ClassicalGenrePipeline.Create(ml).Fit(data);
        using (var inMemory = GenrePredictor.Create(model, data.Schema))
        {
            Assert.Equal(GenreModelKinds.Classical, inMemory.Info.Kind);
            var path = zoo.Combine("created.mgmodel");
            ml.Model.SaveGenreModel(model, data.Schema, path);
            using var loaded = GenrePredictor.Load(path);
            Assert.Equal(inMemory.Predict(zoo.Probes[2]).Scores, loaded.Predict(zoo.Probes[2]).Scores);
        }

        using var trained = new TrainerFixture();
        var e = Assert.Throws<ArgumentException>(() => GenrePredictor.Create(trained.Model, trained.Train.Schema));
        Assert.Contains("LoadAudio", e.Message);
    }

    [Fact]
    public void ADisposedPredictorSaysSo()
    {
        var predictor = GenrePredictor.Load(zoo.Library("classical").Path);
        predictor.Dispose();
        predictor.Dispose();
        Assert.Throws<ObjectDisposedException>(() => predictor.Predict(zoo.Probes[0]));
    }
}
