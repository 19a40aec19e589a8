// MusicGenre QuickStart: the whole ML.NET chain on the embedded SYNTHETIC "genres" (no download needed).
//
//   generate clips → IDataView (Path, Label) → stratified split by track → LoadAudio → MelSpectrogram → MapValueToKey
//   → CnnLstm (progress per epoch) → MapKeyToValue → fit → evaluate on held-out tracks → SaveGenreModel
//   → GenrePredictor.Load (as an application would) → predict a new clip, with its genre timeline
//   → LoadGenreModel + PredictionEngine whose input holds only the path
//
// Run:  dotnet run --project samples/QuickStart [-- OUTPUT_FOLDER]
// The synthetic classes are artificial signals (tempo, rhythm, timbre, harmony, noise): they show that the pipeline
// works, not how well it recognises real music. For real music, see the README's GTZAN commands.
using System.Diagnostics;
using Microsoft.ML;
using MusicGenre;
using MusicGenre.Datasets;
using MusicGenre.MLNet;
using MusicGenre.MLNet.Persistence;
using MusicGenre.Training;

var output = Path.GetFullPath(args.Length > 0 ? args[0] : "quickstart-output");
Directory.CreateDirectory(output);
var clock = Stopwatch.StartNew();
void Say(string line) => Console.WriteLine($"[{clock.Elapsed:mm\\:ss}] {line}");

Console.WriteLine("MusicGenre QuickStart — on SYNTHETIC genres (artificial signals, not real music).");
Console.WriteLine();

// 1. A small synthetic dataset written as WAV files: 10 classes × 12 clips of 5 s.
var generator = new SyntheticGenresOptions { ClipsPerGenre = 12, DurationSeconds = 5, Seed = 1 };
var dataset = SyntheticGenres.WriteDataset(Path.Combine(output, "synthetic-clips"), generator);
Say($"generated {dataset.Tracks.Count} synthetic clips in {dataset.Source}");
Console.WriteLine($"         synthetic classes: {string.Join(", ", dataset.Labels)}");

// 2. Rows are whole tracks; the split is by track and stratified by genre (every genre has test tracks).
var ml = new MLContext(seed: 1);
IDataView tracks = ml.Data.LoadFromEnumerable(dataset.Tracks.Select(t => new TrackRow { Path = t.Path, Label = t.Label }));
var split = ml.Data.StratifiedTrainTestSplit(tracks, "Label", testFraction: 0.25, seed: 1);
Say($"split by track: {split.TrainSet.GetRowCount()} train / {split.TestSet.GetRowCount()} test tracks");

// 3. The chain. The trainer reads the spectrogram's band count from the column, and reports every epoch.
var progress = new ConsoleProgress(p => Say(
    $"  epoch {p.Epoch,2}/{p.Epochs}: loss {p.TrainLoss:F3}, train accuracy {p.TrainAccuracy:P0}"));
var pipeline = ml.Transforms.LoadAudio("Samples", nameof(TrackRow.Path))                    // any audio file → 22,050 Hz mono
    .Append(ml.Transforms.MelSpectrogram("Features", "Samples", nMels: 64))              // librosa-exact log-mel [64, frames]
    .Append(ml.Transforms.Conversion.MapValueToKey("Label"))                             // genre name → key
    .Append(ml.MulticlassClassification.Trainers.CnnLstm(new GenreTrainerOptions { Epochs = 12, BatchSize = 16, Seed = 1 }, progress))
    .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedGenre", "PredictedLabel"));   // key → genre name

Say("training the CNN-LSTM (12 epochs, CPU)...");
var model = pipeline.Fit(split.TrainSet);

// 4. Evaluate on the held-out tracks with ML.NET's own multiclass metrics.
var metrics = ml.MulticlassClassification.Evaluate(model.Transform(split.TestSet));
Say($"held-out tracks: accuracy {metrics.MicroAccuracy:P1} (macro {metrics.MacroAccuracy:P1}), log-loss {metrics.LogLoss:F3}; chance is {1.0 / dataset.Labels.Count:P0}");

// 5. Save as one self-contained file, with what is known about how it was made.
var modelPath = Path.Combine(output, "quickstart.mgmodel");
ml.Model.SaveGenreModel(model, tracks.Schema, modelPath, new GenreModelMetadata
{
    Dataset = "synthetic", Split = "stratified by genre, 25 % test, seed 1",
    Metrics = new Dictionary<string, double> { [GenreModelMetadata.TestAccuracy] = metrics.MicroAccuracy },
    TrainedBy = "samples/QuickStart",
});
Say($"saved {modelPath} ({new FileInfo(modelPath).Length / 1024.0 / 1024.0:F1} MB)");

// 6. An application loads it with GenrePredictor and predicts a clip it has never seen.
var clip = SyntheticGenres.GenerateClip("waltz", index: 1000, generator);
var clipPath = Path.Combine(output, clip.Id + ".wav");
WavFileWriter.Write(clipPath, clip.Samples, clip.SampleRate);
using (var predictor = GenrePredictor.Load(modelPath))
{
    var prediction = predictor.Predict(clipPath);
    Say($"new clip {Path.GetFileName(clipPath)} (true class: {clip.Label}) → predicted: {prediction.Genre} ({prediction.Probability:P1})");
    foreach (var (genre, p) in prediction.Scores.Take(3)) Console.WriteLine($"         {genre,-12} {p:P1}");
    foreach (var window in prediction.Timeline!)
        Console.WriteLine($"         {window.Start.TotalSeconds,4:0.0}–{window.End.TotalSeconds,4:0.0} s: {window.Genre} ({window.Probability:P0})");
}

// 7. ML.NET users: the same file through LoadGenreModel and a PredictionEngine whose input holds only the path.
var fresh = new MLContext();
var loaded = fresh.Model.LoadGenreModel(modelPath, out _);
using var engine = fresh.Model.CreatePredictionEngine<PathOnly, EnginePrediction>(loaded);
Say($"PredictionEngine: {engine.Predict(new PathOnly { Path = clipPath }).PredictedGenre}");

Console.WriteLine();
Console.WriteLine($"Done in {clock.Elapsed:mm\\:ss}. Classify a folder with the saved model:");
Console.WriteLine($"  dotnet run --project samples/FolderClassifier -- \"{modelPath}\" \"{dataset.Source}\"");
Console.WriteLine("Remember: these genres are synthetic. For real music: `musicgenre download gtzan`, then `musicgenre train` (see README).");

/// <summary>One training row: an audio file and its genre.</summary>
internal sealed class TrackRow
{
    public string Path { get; set; } = "";
    public string Label { get; set; } = "";
}

/// <summary>A prediction's input: the audio file only (the model skips its label step when there is no label).</summary>
internal sealed class PathOnly
{
    public string Path { get; set; } = "";
}

/// <summary>What the PredictionEngine returns: the key, the probabilities (in Score order) and the genre name.</summary>
internal sealed class EnginePrediction
{
    public uint PredictedLabel { get; set; }
    public float[] Score { get; set; } = [];
    public string PredictedGenre { get; set; } = "";
}

/// <summary>Reports on the training thread, immediately (System.Progress would post to the thread pool).</summary>
internal sealed class ConsoleProgress(Action<GenreTrainingProgress> write) : IProgress<GenreTrainingProgress>
{
    public void Report(GenreTrainingProgress value) => write(value);
}
