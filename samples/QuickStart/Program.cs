// MusicGenre QuickStart: the whole ML.NET chain on the embedded SYNTHETIC "genres" (no download needed).
//
//   generate clips → IDataView (Path, Label) → LoadAudio → MelSpectrogram → MapValueToKey → CnnLstm → MapKeyToValue
//   → fit → evaluate on held-out tracks → SaveGenreModel → LoadGenreModel (fresh MLContext) → PredictionEngine
//
// Run:  dotnet run --project samples/QuickStart [-- OUTPUT_FOLDER]
// The synthetic classes are artificial signals (tempo, rhythm, timbre, harmony, noise): they show that the pipeline
// works, not how well it recognises real music. For real music, see the README's GTZAN commands.
using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MusicGenre.Datasets;
using MusicGenre.MLNet;
using MusicGenre.MLNet.Persistence;
using MusicGenre.Training;

var output = Path.GetFullPath(args.Length > 0 ? args[0] : "quickstart-output");
Directory.CreateDirectory(output);
var clock = Stopwatch.StartNew();

Console.WriteLine("MusicGenre QuickStart — on SYNTHETIC genres (artificial signals, not real music).");
Console.WriteLine();

// 1. A small synthetic dataset written as WAV files: 10 classes × 12 clips of 5 s.
var generator = new SyntheticGenresOptions { ClipsPerGenre = 12, DurationSeconds = 5, Seed = 1 };
var dataset = SyntheticGenres.WriteDataset(Path.Combine(output, "synthetic-clips"), generator);
Console.WriteLine($"[{clock.Elapsed:mm\\:ss}] generated {dataset.Tracks.Count} synthetic clips in {dataset.Source}");
Console.WriteLine($"         synthetic classes: {string.Join(", ", dataset.Labels)}");

// 2. Split by track (never by window): stratified, seeded. Rows of the IDataView are whole tracks.
var split = DatasetSplitter.StratifiedRandom(dataset, new SplitOptions { ValidFraction = 0, TestFraction = 0.25, Seed = 1 });
Console.WriteLine($"[{clock.Elapsed:mm\\:ss}] split by track: {split.Train.Count} train / {split.Test.Count} test tracks");

var ml = new MLContext(seed: 1);
IDataView train = ml.Data.LoadFromEnumerable(split.Train.Select(t => new TrackRow { Path = t.Path, Label = t.Label }));
IDataView test = ml.Data.LoadFromEnumerable(split.Test.Select(t => new TrackRow { Path = t.Path, Label = t.Label }));

// 3. The chain. Progress is reported once per epoch.
var trainerOptions = new GenreTrainerOptions
{
    LabelColumnName = "Label",
    FeatureColumnName = "Features",
    NMels = 64,
    Epochs = 12,
    BatchSize = 16,
    Seed = 1,
    Progress = new ConsoleProgress(p => Console.WriteLine(
        $"[{clock.Elapsed:mm\\:ss}]   epoch {p.Epoch,2}/{p.Epochs}: loss {p.TrainLoss:F3}, train accuracy {p.TrainAccuracy:P0}" +
        (p.ValidationAccuracy is { } v ? $", validation {v:P0}" : ""))),
};
var pipeline = ml.Transforms.LoadAudio("Samples", nameof(TrackRow.Path))                   // any audio file → 22,050 Hz mono
    .Append(ml.Transforms.MelSpectrogram("Features", "Samples", nMels: 64))             // librosa-exact log-mel [64, frames]
    .Append(ml.Transforms.Conversion.MapValueToKey("Label"))                            // genre name → key
    .Append(ml.MulticlassClassification.Trainers.CnnLstm(trainerOptions))                // the seed's CNN-LSTM (TorchSharp)
    .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedGenre", "PredictedLabel"));  // key → genre name

Console.WriteLine($"[{clock.Elapsed:mm\\:ss}] training the CNN-LSTM ({trainerOptions.Epochs} epochs, CPU)...");
var model = pipeline.Fit(train);

// 4. Evaluate on the held-out tracks with ML.NET's own multiclass metrics.
var metrics = ml.MulticlassClassification.Evaluate(model.Transform(test));
Console.WriteLine($"[{clock.Elapsed:mm\\:ss}] held-out tracks: accuracy {metrics.MicroAccuracy:P1} (macro {metrics.MacroAccuracy:P1}), " +
    $"log-loss {metrics.LogLoss:F3}; chance is {1.0 / dataset.Labels.Count:P0}");

// 5. Save as one file, then load it in a fresh MLContext (as another process would).
var modelPath = Path.Combine(output, "quickstart.mgmodel");
ml.Model.SaveGenreModel(model, train.Schema, modelPath);
Console.WriteLine($"[{clock.Elapsed:mm\\:ss}] saved {modelPath} ({new FileInfo(modelPath).Length / 1024.0 / 1024.0:F1} MB)");

var fresh = new MLContext();
var loaded = fresh.Model.LoadGenreModel(modelPath, out var inputSchema);
var genres = GenreNames(loaded, inputSchema);

// 6. Predict a clip the model has never seen (new index ⇒ new random tempo, key and pattern offset).
var clip = SyntheticGenres.GenerateClip("waltz", index: 1000, generator);
var clipPath = Path.Combine(output, clip.Id + ".wav");
WavFileWriter.Write(clipPath, clip.Samples, clip.SampleRate);
using var engine = fresh.Model.CreatePredictionEngine<TrackRow, GenrePrediction>(loaded);
var prediction = engine.Predict(new TrackRow { Path = clipPath });
Console.WriteLine($"[{clock.Elapsed:mm\\:ss}] new clip {Path.GetFileName(clipPath)} (true class: {clip.Label}) → predicted: {prediction.PredictedGenre}");
foreach (var (genre, p) in genres.Zip(prediction.Score).OrderByDescending(x => x.Second).Take(3))
    Console.WriteLine($"         {genre,-12} {p:P1}");

Console.WriteLine();
Console.WriteLine($"Done in {clock.Elapsed:mm\\:ss}. Classify a folder with the saved model:");
Console.WriteLine($"  dotnet run --project samples/FolderClassifier -- \"{modelPath}\" \"{dataset.Source}\"");
Console.WriteLine("Remember: these genres are synthetic. For real music: `musicgenre download gtzan`, then `musicgenre train` (see README).");

// The genre names in Score order: the slot names ML.NET attaches to the Score column.
static string[] GenreNames(ITransformer model, DataViewSchema inputSchema)
{
    var names = default(VBuffer<ReadOnlyMemory<char>>);
    model.GetOutputSchema(inputSchema)["Score"].GetSlotNames(ref names);
    return names.DenseValues().Select(n => n.ToString()).ToArray();
}

/// <summary>One input row: an audio file and its genre (empty when unknown, e.g. at prediction time).</summary>
internal sealed class TrackRow
{
    public string Path { get; set; } = "";
    public string Label { get; set; } = "";
}

/// <summary>What the PredictionEngine returns: class probabilities (in Score order) and the predicted genre name.</summary>
internal sealed class GenrePrediction
{
    public float[] Score { get; set; } = [];
    public string PredictedGenre { get; set; } = "";
}

/// <summary>Reports on the training thread, immediately (System.Progress would post to the thread pool).</summary>
internal sealed class ConsoleProgress(Action<GenreTrainingProgress> write) : IProgress<GenreTrainingProgress>
{
    public void Report(GenreTrainingProgress value) => write(value);
}
