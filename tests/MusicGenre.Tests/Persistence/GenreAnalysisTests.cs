using MusicGenre.Audio;
using System.Text.Json;
using MusicGenre.Cli;
using MusicGenre.Datasets;
using MusicGenre.Tests.Cli;

namespace MusicGenre.Tests.Persistence;

/// <summary><see cref="GenreAnalysis"/>: the text form, where excerpts lie, and what the predictor does with them.</summary>
[Collection(ModelZooCollection.Name)]
public class GenreAnalysisTests(ModelZoo zoo)
{
    [Theory]
    [InlineData("whole", "whole")]
    [InlineData("excerpts:3x10", "excerpts:3x10,skip:15")]
    [InlineData(" Excerpts:2x7.5,skip:0 ", "excerpts:2x7.5,skip:0")]
    public void ParsesAndWritesTheTextForm(string text, string written)
    {
        var analysis = GenreAnalysis.Parse(text);
        Assert.Equal(written, analysis.ToString());
        Assert.Equal(written, GenreAnalysis.Parse(analysis.ToString()).ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("excerpts")]
    [InlineData("excerpts:3")]
    [InlineData("excerpts:0x10")]
    [InlineData("excerpts:3x0.5")]
    [InlineData("excerpts:3x10,skip:-1")]
    [InlineData("excerpts:3x10,foo:1")]
    [InlineData("half")]
    public void RejectsOtherText_SayingWhatItExpects(string text)
    {
        var error = Assert.Throws<FormatException>(() => GenreAnalysis.Parse(text));
        Assert.Contains(text, error.Message);
    }

    [Fact]
    public void ExcerptsSpreadOverTheTrack_SkippingTheEnds()
    {
        var analysis = GenreAnalysis.Excerpts(3, 10, skipSeconds: 15);
        Assert.Equal([(15.0, 10.0), (107.5, 10.0), (200.0, 10.0)], analysis.Ranges(225));
        Assert.Equal([(0.0, 30.2)], analysis.Ranges(30.2)); // a GTZAN clip (some are a little over 30 s): whole
        Assert.Equal([(0.0, 60.0)], analysis.Ranges(60)); // no longer than the excerpts and the skips: whole
        Assert.Equal([(15.0, 10.0), (25.5, 10.0), (36.0, 10.0)], analysis.Ranges(61)); // just longer
        Assert.Equal([(0.0, 10.0), (10.5, 10.0), (21.0, 10.0)], GenreAnalysis.Excerpts(3, 10, skipSeconds: 0).Ranges(31));
        Assert.Equal([(55.0, 10.0)], GenreAnalysis.Excerpts(1, 10).Ranges(120)); // one excerpt: centred
        Assert.Equal([(0.0, 600.0)], GenreAnalysis.Whole.Ranges(600));
        Assert.True(GenreAnalysis.Whole.IsWhole);
        Assert.False(GenreAnalysis.Default.IsWhole);
    }

    /// <summary>A 40 s track: three synthetic clips of one genre after each other, written once per test.</summary>
    private string LongTrack(string name)
    {
        var path = zoo.Combine("long", name + ".wav");
        if (File.Exists(path)) return path;
        var options = new SyntheticGenresOptions { DurationSeconds = 40.0 / 3, Seed = 5 };
        var label = zoo.Dataset.Labels[0];
        var parts = Enumerable.Range(0, 3).Select(i => SyntheticGenres.GenerateClip(label, 200 + i, options)).ToList();
        WavFileWriter.Write(path, parts.SelectMany(p => p.Samples).ToArray(), parts[0].SampleRate);
        return path;
    }

    [Theory]
    [InlineData("cnn-lstm")]
    [InlineData("classical")]
    public void ExcerptsScoreAsTheMeanOfTheirOwnPredictions_WithTheTimelineInTrackTime(string kind)
    {
        var path = LongTrack("track");
        var analysis = GenreAnalysis.Excerpts(3, 5, skipSeconds: 2);
        using var excerpts = GenrePredictor.Load(zoo.Library(kind).Path, new GenrePredictorOptions { Analysis = analysis });
        using var whole = GenrePredictor.Load(zoo.Library(kind).Path, new GenrePredictorOptions { Analysis = GenreAnalysis.Whole });
        var prediction = excerpts.Predict(path);
        var ranges = analysis.Ranges(AudioFile.Open(path).Duration.TotalSeconds);
        Assert.Equal(3, ranges.Count);

        // Each excerpt decoded on its own at the native rate and predicted whole (resampled as decoding does).
        var parts = ranges.Select(r =>
        {
            var clip = AudioFile.Load(path, new AudioLoadOptions { SampleRate = null, Offset = r.Start, Duration = r.Length });
            return whole.Predict(clip.Samples, clip.SampleRate);
        }).ToList();
        var weights = parts.Select(p => p.Timeline?.Count ?? 1).ToList();
        foreach (var genre in excerpts.Genres)
        {
            var expected = parts.Select((p, i) => p.ProbabilityOf(genre) * weights[i]).Sum() / weights.Sum();
            Assert.Equal(expected, prediction.ProbabilityOf(genre), 5);
        }
        Assert.Equal(15, prediction.Duration.TotalSeconds, 2); // what was analysed
        var timeline = Assert.IsAssignableFrom<IReadOnlyList<GenrePredictionWindow>>(prediction.Timeline);
        Assert.Equal(weights.Sum(), timeline.Count);
        Assert.Equal(TimeSpan.FromSeconds(ranges[0].Start), timeline[0].Start);
        Assert.True(timeline[^1].Start >= TimeSpan.FromSeconds(ranges[2].Start));
        Assert.True(timeline[^1].End <= TimeSpan.FromSeconds(ranges[2].Start + ranges[2].Length) + TimeSpan.FromMilliseconds(1));

        // The same from a stream and from samples.
        using var stream = File.OpenRead(path);
        Assert.Equal(prediction.Scores.Select(s => s.Genre), excerpts.Predict(stream, "x.wav").Scores.Select(s => s.Genre));
    }

    [Fact]
    public void OneExcerptIsOnlyThatExcerpt()
    {
        var path = LongTrack("track");
        using var one = GenrePredictor.Load(zoo.Library("classical").Path, new GenrePredictorOptions { Analysis = GenreAnalysis.Excerpts(1, 5) });
        var prediction = one.Predict(path);
        Assert.Equal(5, prediction.Duration.TotalSeconds, 2);
        var window = Assert.Single(prediction.Timeline!);
        Assert.Equal(17.5, window.Start.TotalSeconds, 2); // centred in 40 s
    }

    [Fact]
    public void AShortClipIsAnalysedWhole_WhateverTheAnalysis()
    {
        using var byDefault = GenrePredictor.Load(zoo.Library("cnn-lstm").Path);
        using var whole = GenrePredictor.Load(zoo.Library("cnn-lstm").Path, new GenrePredictorOptions { Analysis = GenreAnalysis.Whole });
        Assert.Equal(whole.Predict(zoo.Probes[0]).Scores, byDefault.Predict(zoo.Probes[0]).Scores);
        Assert.Throws<ArgumentException>(() => GenrePredictor.Load(zoo.Library("cnn-lstm").Path, new GenrePredictorOptions { Analysis = null! }));
    }

    [Fact]
    public async Task CliPredict_TakesTheAnalysis_AndRejectsABadOne()
    {
        var path = LongTrack("track");
        var model = zoo.Library("cnn-lstm").Path;
        var (code, json) = await CliRunner.Run("predict", model, path, "--analysis", "excerpts:2x5,skip:3", "--windows", "--json");
        Assert.True(code == ExitCodes.Ok, json);
        using var doc = JsonDocument.Parse(json);
        var windows = doc.RootElement.GetProperty("predictions")[0].GetProperty("windows").EnumerateArray().Select(w => w.GetProperty("start_s").GetDouble()).ToList();
        Assert.Equal(3.0, windows[0], 3);
        Assert.Contains(windows, start => start >= 32.0 - 1e-3); // the second excerpt starts at 40 - 3 - 5 = 32 s

        var (whole, wjson) = await CliRunner.Run("predict", model, path, "--analysis", "whole", "--windows", "--json");
        Assert.True(whole == ExitCodes.Ok, wjson);
        using var wdoc = JsonDocument.Parse(wjson);
        Assert.True(wdoc.RootElement.GetProperty("predictions")[0].GetProperty("windows").GetArrayLength() > windows.Count);

        var (bad, output) = await CliRunner.Run("predict", model, path, "--analysis", "half");
        Assert.Equal(ExitCodes.Usage, bad);
        Assert.Contains("--analysis", output);
    }
}
