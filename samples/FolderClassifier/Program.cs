// MusicGenre FolderClassifier: classify every audio file under a folder with a saved genre model of any kind
// (cnn-lstm, cnn-gru, crnn, classical, musicnn-linear, musicnn-finetune; saved by the library or by `musicgenre train`).
//
// Run:  dotnet run --project samples/FolderClassifier -- MODEL FOLDER
// Prints "file → genre (top 3)" as each file finishes, keeps going past files it cannot read and lists them, with the
// reason, at the end. Exit code: 0 all files classified, 1 some files could not be read, 2 bad arguments or no model.
using System.Diagnostics;
using MusicGenre;
using MusicGenre.Datasets;
using MusicGenre.MLNet.Persistence;

if (args.Length != 2)
{
    Console.Error.WriteLine("""
        Usage: dotnet run --project samples/FolderClassifier -- MODEL FOLDER

          MODEL   a model file (.mgmodel) saved with SaveGenreModel or `musicgenre train`, of any kind
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
GenrePredictor predictor;
try
{
    predictor = GenrePredictor.Load(modelPath);
}
catch (Exception e) when (e is GenreModelFormatException or ArgumentException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
using var _ = predictor;

var extensions = new HashSet<string>(DatasetLoadOptions.Defaults.Extensions, StringComparer.OrdinalIgnoreCase);
var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
    .Where(f => extensions.Contains(Path.GetExtension(f)))
    .Order(StringComparer.Ordinal)
    .ToArray();
Console.WriteLine($"{files.Length} audio files under {folder}; {predictor.Kind} model {Path.GetFileName(modelPath)} knows {predictor.Genres.Count} genres: {string.Join(", ", predictor.Genres)}");

// PredictMany decodes and predicts several files at once and hands each result back as soon as it is ready; an
// unreadable file is a result carrying its error.
var failures = new List<(string File, string Reason)>();
foreach (var result in predictor.PredictMany(files))
{
    var name = Path.GetRelativePath(folder, result.Source!);
    if (!result.Succeeded)
    {
        failures.Add((name, result.Error!.Message));
        Console.WriteLine($"{name} → unreadable");
        continue;
    }
    Console.WriteLine($"{name} → {result.Genre}  ({string.Join(", ", result.Scores.Take(3).Select(s => $"{s.Genre} {s.Probability:P0}"))})");
}

Console.WriteLine($"Classified {files.Length - failures.Count} of {files.Length} files in {clock.Elapsed.TotalSeconds:F1} s.");
if (failures.Count == 0) return 0;
Console.WriteLine($"{failures.Count} file(s) could not be read:");
foreach (var (file, reason) in failures.OrderBy(f => f.File, StringComparer.Ordinal))
    Console.WriteLine($"  {file}: {reason}");
return 1;
