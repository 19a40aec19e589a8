using System.CommandLine;
using System.Diagnostics;
using MusicGenre.Cli.Modeling;
using MusicGenre.Datasets;
using MusicGenre.Evaluation;
using Spectre.Console;

namespace MusicGenre.Cli.Commands;

/// <summary>
/// <c>musicgenre demo</c>: the whole workflow on the embedded synthetic dataset (no download): generate, split, train,
/// evaluate, report and plots, predict a few new clips, then say how to do the same on GTZAN.
/// </summary>
internal static class DemoCommand
{
    public static Command Create(CliContext context)
    {
        var output = new Option<string>("--out") { Description = "Folder for the synthetic clips, the model and the report.", DefaultValueFactory = _ => "musicgenre-demo" };
        var model = new Option<string>("--model") { Description = "Network to train: cnn-lstm | cnn-gru | crnn (the classical baseline is always trained for comparison).", DefaultValueFactory = _ => ModelKinds.CnnLstm };
        var clips = new Option<int>("--clips-per-genre") { Description = "Synthetic clips per class.", DefaultValueFactory = _ => 12 };
        var seconds = new Option<double>("--seconds") { Description = "Length of each synthetic clip, in seconds.", DefaultValueFactory = _ => 5 };
        var epochs = new Option<int>("--epochs") { Description = "Maximum training epochs.", DefaultValueFactory = _ => 12 };
        var seed = new Option<int>("--seed") { Description = "Seed of the generator, the split and the training.", DefaultValueFactory = _ => 1 };
        var device = new Option<string>("--device") { Description = "cpu, cuda or auto.", DefaultValueFactory = _ => "auto" };
        var command = new Command("demo", "Run the whole workflow on a generated 'synthetic' dataset (10 artificial classes, not real music): train, evaluate, report, plots, predictions.")
        {
            output, model, clips, seconds, epochs, seed, device,
        };
        command.SetAction((parse, ct) => Task.Run(() => Run(context, parse.GetValue(output)!, ModelKinds.Parse(parse.GetValue(model)!), parse.GetValue(clips),
            parse.GetValue(seconds), parse.GetValue(epochs), parse.GetValue(seed), CommonOptions.ParseDevice(parse.GetValue(device)!), ct), ct));
        return command;
    }

    private static async Task<int> Run(CliContext context, string output, string kind, int clipsPerGenre, double seconds, int epochs, int seed,
        Torch.ComputeDevice device, CancellationToken ct)
    {
        var console = context.Console;
        if (!ModelKinds.IsNeural(kind)) throw new CliException("--model: the demo trains a network (cnn-lstm, cnn-gru or crnn); the classical baseline is trained alongside anyway.", ExitCodes.Usage);
        var clock = Stopwatch.StartNew();
        output = Path.GetFullPath(output);
        var dataFolder = Path.Combine(output, "synthetic");
        var reportFolder = Path.Combine(output, "report");
        var cache = Path.Combine(output, "cache");
        console.Write(new Rule("[bold]musicgenre demo[/]: the synthetic dataset").LeftJustified());
        console.MarkupLine("The [bold]synthetic[/] dataset is generated here: 10 artificial classes that differ in tempo, rhythm, timbre, harmony and noise. It is not real music; it shows the workflow end to end without a download.");

        var generatorOptions = new SyntheticGenresOptions { ClipsPerGenre = clipsPerGenre, DurationSeconds = seconds, Seed = seed };
        GenreDataset dataset = null!;
        TrainingRunner.Outcome neural = null!, classical = null!;
        var total = clipsPerGenre * SyntheticGenres.Labels.Count;
        await Progress.Run(console, report =>
        {
            dataset = SyntheticGenres.WriteDataset(dataFolder, generatorOptions, new Progress.Reporter<int>(n => report("generating synthetic clips", n, total)), ct);
            var split = DatasetSplitter.StratifiedRandom(dataset, new SplitOptions { Seed = seed });
            var settings = new TrainSettings
            {
                Kind = kind, Epochs = epochs, Seed = seed, CacheFolder = cache, Device = device, BatchSize = 16,
                EarlyStoppingPatience = 4,
            };
            neural = TrainingRunner.Run(dataset, split, settings, report, line => console.MarkupLineInterpolated($"[grey]{line}[/]"), ct);
            classical = TrainingRunner.Run(dataset, split, settings with { Kind = ModelKinds.Classical }, report, null, ct);
            return Task.CompletedTask;
        }).ConfigureAwait(false);

        var comparison = new List<ModelScores>
        {
            new(kind, [neural.Accuracy!.Value]),
            new(ModelKinds.Classical, [classical.Accuracy!.Value]),
        };
        var run = new EvaluationRun
        {
            Model = neural.Run.Model, Dataset = neural.Run.Dataset, Split = neural.Run.Split, TrackMetrics = neural.Run.TrackMetrics,
            WindowMetrics = neural.Run.WindowMetrics, History = neural.Run.History, Settings = neural.Run.Settings,
            TrainingSeconds = neural.Run.TrainingSeconds, Problems = neural.Run.Problems, Comparison = comparison,
        };
        console.Write(new Rule("[bold]Results on the held-out synthetic clips[/]").LeftJustified());
        RunOutput.PrintMetrics(console, run);
        console.MarkupLineInterpolated($"Classical baseline (summary features → SdcaMaximumEntropy): {100 * classical.Accuracy:0.0} %");
        RunOutput.WriteReport(console, reportFolder, run);
        var sample = neural.Evaluation!.Predictions[0];
        var actual = dataset.Tracks.First(t => t.Path == sample.Path).Label;
        if (RunOutput.WriteTimeline(neural.Model, sample, reportFolder, actual, ct) is { } timeline)
            console.MarkupLineInterpolated($"Spectrogram and genre timeline: {timeline}");
        var modelPath = Path.Combine(output, $"{kind}.mgmodel");
        neural.Model.Save(modelPath, neural.Metadata("musicgenre demo"));
        console.MarkupLineInterpolated($"Model: {modelPath}");

        console.Write(new Rule("[bold]Predicting new synthetic clips[/] (never seen in training)").LeftJustified());
        var fresh = Path.Combine(output, "new-clips");
        var table = new Table().Border(TableBorder.Rounded).AddColumns("clip", "actual class", "predicted", "probability");
        foreach (var label in SyntheticGenres.Labels.Take(4))
        {
            var clip = SyntheticGenres.GenerateClip(label, 10_000 + clipsPerGenre, generatorOptions);
            var path = Path.Combine(fresh, clip.Id + ".wav");
            WavFileWriter.Write(path, clip.Samples, clip.SampleRate);
            var p = neural.Model.Predict(path, ct);
            var predicted = neural.Model.Labels[p.TopIndex];
            table.AddRow(Markup.Escape(Path.GetFileName(path)), label, predicted == label ? $"[green]{predicted}[/]" : $"[red]{predicted}[/]", $"{100 * p.Probabilities[p.TopIndex]:0.0} %");
        }
        console.Write(table);
        neural.Model.Dispose();
        classical.Model.Dispose();

        console.Write(new Rule("[bold]Next: real music (GTZAN)[/]").LeftJustified());
        console.MarkupLine("  1. [bold]musicgenre download gtzan --to gtzan[/]   (1.2 GB; resumable, MD5-checked; also fetches the split lists into gtzan/splits)");
        console.MarkupLine("  2. [bold]musicgenre compare --data gtzan --split fault-filtered --models cnn-lstm,cnn-gru,crnn,classical,musicnn-linear --report runs/gtzan[/]");
        console.MarkupLine("     (or [bold]--split kfold:10 --seeds 3[/] for mean ± std; [bold]--artists GTZANindex.txt[/] keeps artists in one part)");
        console.MarkupLineInterpolated($"  3. [bold]musicgenre predict runs/gtzan/musicnn-linear/musicnn-linear.mgmodel ~/Music --top 3[/]   (here: musicgenre predict {modelPath} {fresh})");
        console.MarkupLineInterpolated($"Demo finished in {clock.Elapsed.TotalSeconds:0} s.");
        return ExitCodes.Ok;
    }
}
