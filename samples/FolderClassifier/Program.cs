// MusicGenre FolderClassifier: classify every audio file under a folder with a saved genre model.
//
// Run:  dotnet run --project samples/FolderClassifier -- MODEL FOLDER
// Prints "file → genre (top 3)", keeps going past files it cannot read and lists them, with the reason, at the end.
// Exit code: 0 all files classified, 1 some files could not be read, 2 bad arguments or no model.
using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MusicGenre.Audio;
using MusicGenre.Datasets;
using MusicGenre.Features;
using MusicGenre.MLNet;
using MusicGenre.MLNet.Persistence;

if (args.Length != 2)
{
    Console.Error.WriteLine("""
        Usage: dotnet run --project samples/FolderClassifier -- MODEL FOLDER

          MODEL   a model saved with SaveGenreModel (a .mgmodel/.zip file)
          FOLDER  a folder; every audio file under it (.wav .au .aif .aiff .mp3 .ogg, and .flac .m4a .opus with ffmpeg)
                  is classified

        No model yet? Make one:
          dotnet run --project samples/QuickStart                     # synthetic genres, ~1 min: quickstart-output/quickstart.mgmodel
          dotnet run --project src/MusicGenre.Cli -c Release -- train --data MY_MUSIC --model cnn-lstm --report runs/mine
                                                                      # your own folder-per-genre collection (or GTZAN)
        """);
    return 2;
}

var (modelPath, folder) = (Path.GetFullPath(args[0]), Path.GetFullPath(args[1]));
if (!File.Exists(modelPath)) { Console.Error.WriteLine($"No model file at {modelPath}."); return 2; }
if (!Directory.Exists(folder)) { Console.Error.WriteLine($"No folder at {folder}."); return 2; }

var clock = Stopwatch.StartNew();
var ml = new MLContext();
ITransformer model;
DataViewSchema inputSchema;
try
{
    model = ml.Model.LoadGenreModel(modelPath, out inputSchema);
}
catch (GenreModelFormatException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
// Models saved by `musicgenre train` start at the log-mel ("Features"); the QuickStart's start at the file path. Give
// the former the same front end they were trained with, so both kinds classify files.
var audioSchema = ml.Data.LoadFromEnumerable(Array.Empty<AudioInput>()).Schema;
if (inputSchema.GetColumnOrNull(nameof(AudioInput.Path)) is null)
{
    var network = FindNetwork(model);
    if (network is null || inputSchema.GetColumnOrNull("Features") is null)
    {
        Console.Error.WriteLine($"{modelPath}: the model starts at column(s) {string.Join(", ", inputSchema.Select(c => $"'{c.Name}'"))}, " +
            "not at an audio 'Path' or a network's log-mel 'Features' (e.g. the CLI's classical baseline); classify with `musicgenre predict` instead.");
        return 2;
    }
    var mel = new MelSpectrogramOptions { NMels = network.Model.Shape.NMels, SampleRate = network.Model.SampleRate, HopLength = network.Model.HopLength };
    var frontEnd = ml.Transforms.LoadAudio("Samples", nameof(AudioInput.Path), new AudioLoadOptions { SampleRate = network.Model.SampleRate })
        .Append(ml.Transforms.MelSpectrogram("Features", "Samples", new MelSpectrogramTransformOptions { Mel = mel }))
        .Fit(ml.Data.LoadFromEnumerable(Array.Empty<AudioInput>()));
    model = frontEnd.Append(model);
}
var genres = GenreNames(model, audioSchema);

var extensions = new HashSet<string>(DatasetLoadOptions.Defaults.Extensions, StringComparer.OrdinalIgnoreCase);
var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
    .Where(f => extensions.Contains(Path.GetExtension(f)))
    .Order(StringComparer.Ordinal)
    .ToArray();
Console.WriteLine($"{files.Length} audio files under {folder}; model {Path.GetFileName(modelPath)} knows {genres.Length} genres: {string.Join(", ", genres)}");

// PredictionEngine is not thread-safe: one per worker thread. The network itself uses torch's own threads, so a few
// workers are enough to overlap decoding with inference.
var failures = new ConcurrentBag<(string File, string Reason)>();
var console = new object();
Parallel.ForEach(files,
    new ParallelOptions { MaxDegreeOfParallelism = Math.Clamp(Environment.ProcessorCount, 1, 4) },
    () => ml.Model.CreatePredictionEngine<AudioInput, GenrePrediction>(model),
    (file, _, engine) =>
    {
        var name = Path.GetRelativePath(folder, file);
        try
        {
            var prediction = engine.Predict(new AudioInput { Path = file });
            var top = genres.Zip(prediction.Score).OrderByDescending(x => x.Second).Take(3).ToArray();
            var text = string.Join(", ", top.Select(x => $"{x.First} {x.Second:P0}"));
            lock (console) Console.WriteLine($"{name} → {top[0].First}  ({text})");
        }
        catch (Exception e)
        {
            failures.Add((name, Reason(e)));
            lock (console) Console.WriteLine($"{name} → unreadable");
        }
        return engine;
    },
    engine => engine.Dispose());

Console.WriteLine($"Classified {files.Length - failures.Count} of {files.Length} files in {clock.Elapsed.TotalSeconds:F1} s.");
if (failures.IsEmpty) return 0;
Console.WriteLine($"{failures.Count} file(s) could not be read:");
foreach (var (file, reason) in failures.OrderBy(f => f.File, StringComparer.Ordinal))
    Console.WriteLine($"  {file}: {reason}");
return 1;

// The innermost message names the file and what is wrong (ML.NET wraps the decoder's exception).
static string Reason(Exception e)
{
    while (e.InnerException is not null && e is not AudioFormatException and not IOException) e = e.InnerException;
    return e.Message;
}

static GenreNetworkTransformer? FindNetwork(ITransformer transformer) => transformer switch
{
    GenreNetworkTransformer network => network,
    IEnumerable<ITransformer> chain => chain.Select(FindNetwork).FirstOrDefault(n => n is not null),
    _ => null,
};

// The genre names in Score order: the slot names ML.NET attaches to the Score column.
static string[] GenreNames(ITransformer model, DataViewSchema inputSchema)
{
    var names = default(VBuffer<ReadOnlyMemory<char>>);
    model.GetOutputSchema(inputSchema)["Score"].GetSlotNames(ref names);
    return names.DenseValues().Select(n => n.ToString()).ToArray();
}

/// <summary>One file to classify. Label is part of the saved chain's input schema; it is unused for prediction.</summary>
internal sealed class AudioInput
{
    public string Path { get; set; } = "";
    public string Label { get; set; } = "";
}

/// <summary>Class probabilities, in the order of the Score column's slot names (the genres).</summary>
internal sealed class GenrePrediction
{
    public float[] Score { get; set; } = [];
}
