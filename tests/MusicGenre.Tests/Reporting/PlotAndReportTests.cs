using MusicGenre.Evaluation;
using MusicGenre.Reporting;
using MusicGenre.Tests.TestInfrastructure;
using SkiaSharp;

namespace MusicGenre.Tests.Reporting;

public class PlotAndReportTests
{
    private static readonly string[] Labels = ["blues", "jazz", "rock"];

    private static void AssertIsPng(string path, int width, int height)
    {
        Assert.True(File.Exists(path), path);
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        using var bitmap = SKBitmap.Decode(bytes);
        Assert.NotNull(bitmap);
        Assert.Equal((width, height), (bitmap.Width, bitmap.Height));
        var colours = new HashSet<SKColor>();
        for (var y = 0; y < bitmap.Height; y += 7)
            for (var x = 0; x < bitmap.Width; x += 7)
                colours.Add(bitmap.GetPixel(x, y));
        Assert.True(colours.Count > 10, $"{path} looks blank ({colours.Count} colours)");
    }

    private static List<EpochRecord> History() =>
        Enumerable.Range(1, 6).Select(e => new EpochRecord(e, 2.0 / e, 0.3 + 0.1 * e, 2.2 / e, 0.25 + 0.1 * e, 1.5)).ToList();

    [Fact]
    public void TrainingCurves_WritesADecodablePng()
    {
        using var dir = new TempFolder();
        var path = dir.Combine("curves.png");
        TrainingCurvesPlot.Save(History(), path, "cnn-lstm", 900, 400);
        AssertIsPng(path, 900, 400);
    }

    [Fact]
    public void TrainingCurves_WithoutValidation_StillDraws()
    {
        using var dir = new TempFolder();
        var path = dir.Combine("curves.png");
        TrainingCurvesPlot.Save([new EpochRecord(1, 1, 0.5, null, null, 1), new EpochRecord(2, 0.5, 0.8, null, null, 1)], path);
        AssertIsPng(path, 1200, 450);
    }

    [Fact]
    public void ConfusionMatrix_WritesADecodablePng()
    {
        using var dir = new TempFolder();
        var m = GenreMetrics.FromPredictions(Labels, [0, 0, 1, 1, 2, 2], [0, 1, 1, 1, 2, 0]);
        var path = dir.Combine("sub", "confusion.png");
        ConfusionMatrixPlot.Save(m.Confusion, path, size: 600);
        AssertIsPng(path, 600, 600);
    }

    [Fact]
    public void ConfusionMatrix_PutsEachCellUnderItsGenreLabels()
    {
        // Everything of genre 0 is predicted as genre 2; genres 1 and 2 are right.
        var m = GenreMetrics.FromPredictions(Labels, [0, 0, 1, 2], [2, 2, 1, 2]);
        var plot = ConfusionMatrixPlot.Build(m.Confusion, "t");
        using var dir = new TempFolder();
        var path = dir.Combine("c.png");
        plot.SavePng(path, 600, 600);
        using var bitmap = SKBitmap.Decode(path);
        float Brightness(double x, double y)
        {
            // Sample a little off the centre so the count text does not hide the cell colour.
            var px = plot.GetPixel(new ScottPlot.Coordinates(x + 0.3, y + 0.3));
            var c = bitmap.GetPixel((int)px.X, (int)px.Y);
            return (c.Red + c.Green + c.Blue) / 3f;
        }
        const int n = 3;
        float Cell(int actual, int predicted) => Brightness(predicted, n - 1 - actual);
        Assert.True(Cell(0, 2) > 150, $"actual blues → predicted rock should be bright, was {Cell(0, 2)}");
        Assert.True(Cell(0, 0) < 100, $"actual blues → predicted blues should be dark, was {Cell(0, 0)}");
        Assert.True(Cell(1, 1) > 150, $"jazz→jazz {Cell(1, 1)}");
        Assert.True(Cell(2, 0) < 100, $"rock→blues {Cell(2, 0)}");
    }

    [Fact]
    public void AccuracyComparison_WritesADecodablePng()
    {
        using var dir = new TempFolder();
        var path = dir.Combine("comparison.png");
        AccuracyComparisonPlot.Save([new ModelScores("cnn-lstm", [0.5, 0.55, 0.6]), new ModelScores("cnn-gru", [0.52, 0.5]), new ModelScores("classical", [0.6])], path);
        AssertIsPng(path, 800, 500);
    }

    [Fact]
    public void SpectrogramTimeline_WritesADecodablePng()
    {
        using var dir = new TempFolder();
        const int mels = 64, frames = 300;
        var logMel = new float[mels * frames];
        for (var m = 0; m < mels; m++)
            for (var f = 0; f < frames; f++)
                logMel[m * frames + f] = -80 + 80 * MathF.Abs(MathF.Sin(m * 0.1f + f * 0.05f));
        var windows = Enumerable.Range(0, 4).Select(w => new WindowPrediction(w * 1.5, w * 1.5 + 2, w % 2 == 0 ? [0.7f, 0.2f, 0.1f] : [0.1f, 0.3f, 0.6f])).ToList();
        var path = dir.Combine("timeline.png");
        SpectrogramTimelinePlot.Save(logMel, mels, 512.0 / 22050, windows, Labels, path, "test track");
        AssertIsPng(path, 1200, 700);
        Assert.Throws<ArgumentException>(() => SpectrogramTimelinePlot.Save(new float[65], mels, 0.02, windows, Labels, path));
    }

    [Fact]
    public void RunReport_WritesMarkdownJsonAndPlots()
    {
        using var dir = new TempFolder();
        var run = new EvaluationRun
        {
            Model = "cnn-lstm",
            Dataset = "synthetic",
            Split = "random (seed 1)",
            TrackMetrics = GenreMetrics.FromPredictions(Labels, [0, 1, 2, 2], [0, 1, 2, 1]),
            WindowMetrics = GenreMetrics.FromPredictions(Labels, [0, 0, 1, 1, 2, 2, 2, 2], [0, 1, 1, 1, 2, 2, 1, 1]),
            History = History(),
            Comparison = [new ModelScores("cnn-lstm", [0.75]), new ModelScores("classical", [0.5])],
            Settings = new Dictionary<string, string> { ["epochs"] = "6" },
            TrainingSeconds = 12.5,
            Problems = ["x.wav: bad header"],
        };

        var written = RunReport.Write(dir.Path, run);

        Assert.Equal(5, written.Count);
        foreach (var png in written.Where(w => w.EndsWith(".png"))) AssertIsPng(png, SKBitmap.DecodeBounds(png).Width, SKBitmap.DecodeBounds(png).Height);
        var md = File.ReadAllText(dir.Combine("report.md"));
        Assert.Contains("track-level accuracy: 75.0 %", md);
        Assert.Contains("window-level accuracy: 62.5 %", md);
        Assert.Contains("synthetic", md);
        Assert.Contains("![confusion_matrix](confusion_matrix.png)", md);
        Assert.Contains("x.wav: bad header", md);

        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(dir.Combine("metrics.json")));
        var track = json.RootElement.GetProperty("track");
        Assert.Equal(0.75, track.GetProperty("accuracy").GetDouble(), 12);
        Assert.Equal(1, track.GetProperty("confusion_matrix")[2][1].GetInt64());
        Assert.Equal(6, json.RootElement.GetProperty("history").GetArrayLength());
        Assert.Equal("classical", json.RootElement.GetProperty("comparison")[1].GetProperty("model").GetString());
    }
}
