using System.Diagnostics;
using Microsoft.ML;
using MusicGenre.Audio;
using MusicGenre.Features;
using MusicGenre.MLNet;
using MusicGenre.Models.Musicnn;

namespace MusicGenre.Benchmarks;

/// <summary>
/// The accuracy cost of analysing excerpts instead of the whole track, on the 70 gtzan-mini clips (30 s each):
/// musicnn-linear in 5-fold cross-validation (folds stratified by genre, clip i of each genre in fold i mod 5), each
/// fold's model trained on the whole training clips, its test clips predicted with every analysis in turn (without
/// skipping the ends, which a 30 s clip cannot spare; the default, excerpts:3x10 with 15 s skips, analyses it whole).
/// <c>dotnet run -c Release --project benchmarks/MusicGenre.Benchmarks -- analysis-accuracy</c>
/// </summary>
public static class AnalysisAccuracy
{
    private static readonly string[] Analyses =
        ["whole", "excerpts:1x3,skip:0", "excerpts:1x6,skip:0", "excerpts:2x3,skip:0", "excerpts:3x3,skip:0", "excerpts:2x6,skip:0", "excerpts:3x6,skip:0", "excerpts:3x10,skip:0", "excerpts:3x10"];

    /// <summary>Runs the cross-validation and prints accuracy and analysed seconds per analysis.</summary>
    public static void Run()
    {
        TorchSharp.torch.set_num_threads(2);
        var gtzan = Path.Combine(BenchmarkData.SharedRoot, "data", "gtzan-mini");
        var clips = Directory.GetDirectories(gtzan).Order(StringComparer.Ordinal)
            .SelectMany(d => Directory.GetFiles(d).Order(StringComparer.Ordinal)
                .Select((f, i) => (Row: new BenchmarkModels.TrackRow { Path = f, Label = Path.GetFileName(d) }, Fold: i % 5)))
            .ToList();
        var correct = Analyses.ToDictionary(a => a, _ => 0);
        var seconds = Analyses.ToDictionary(a => a, _ => 0.0);
        var time = Analyses.ToDictionary(a => a, _ => 0.0);
        var weights = Path.Combine(BenchmarkData.SharedRoot, "models", "musicnn", "MSD_musicnn.h5");
        for (var fold = 0; fold < 5; fold++)
        {
            var ml = new MLContext(seed: 1);
            var train = ml.Data.LoadFromEnumerable(clips.Where(c => c.Fold != fold).Select(c => c.Row));
            var model = ml.Transforms.LoadAudio("Samples", nameof(BenchmarkModels.TrackRow.Path), new AudioLoadOptions { SampleRate = MusicnnFeatures.SampleRate })
                .Append(MusicnnLinearPipeline.Create(ml, "Samples", "Label", new MusicnnEmbeddingOptions { Weights = new MusicnnWeightsOptions { Path = weights } }))
                .Fit(train);
            var test = clips.Where(c => c.Fold == fold).Select(c => c.Row).ToList();
            foreach (var analysis in Analyses)
            {
                using var predictor = GenrePredictor.Create(model, train.Schema, new GenrePredictorOptions { Analysis = GenreAnalysis.Parse(analysis) });
                var watch = Stopwatch.StartNew();
                foreach (var row in test)
                {
                    var prediction = predictor.Predict(row.Path);
                    if (prediction.Genre == row.Label) correct[analysis]++;
                    seconds[analysis] += prediction.Duration.TotalSeconds;
                }
                time[analysis] += watch.Elapsed.TotalSeconds;
            }
            foreach (var part in ChainPlanParts(model)) part.Dispose();
            Console.WriteLine($"fold {fold + 1}/5 done: " + string.Join(", ", Analyses.Select(a => $"{a} {correct[a]}")));
        }
        Console.WriteLine($"| analysis | accuracy (70 clips, 5-fold) | audio analysed per clip | prediction time per clip (busy machine) |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        foreach (var a in Analyses)
            Console.WriteLine($"| `{a}` | {correct[a]}/70 = {100.0 * correct[a] / 70:0.0} % | {seconds[a] / 70:0.0} s | {1000 * time[a] / 70:0} ms |");
    }

    private static IEnumerable<IDisposable> ChainPlanParts(ITransformer model)
        => model is IEnumerable<ITransformer> chain
            ? chain.SelectMany(ChainPlanParts)
            : model is MusicnnEmbeddingTransformer musicnn ? [musicnn.Embedder] : [];
}
