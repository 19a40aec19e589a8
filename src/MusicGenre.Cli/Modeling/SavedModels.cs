using MusicGenre.MLNet.Persistence;

namespace MusicGenre.Cli.Modeling;

/// <summary>
/// Opens model files for <c>predict</c>, <c>evaluate</c> and <c>info</c> through the library's public API
/// (<see cref="GenrePredictor"/>, <see cref="GenreModelInfo"/>): any file the library or the tool writes. A damaged or
/// foreign file gives the library's <see cref="GenreModelFormatException"/>, printed as one line.
/// </summary>
internal static class SavedModels
{
    public static GenrePredictor Load(string path, GenrePredictorOptions? options = null)
    {
        Check(path);
        return GenrePredictor.Load(path, options);
    }

    public static GenreModelInfo Info(string path)
    {
        Check(path);
        return GenreModelInfo.Read(path);
    }

    public static void Check(string path)
    {
        if (Directory.Exists(path)) throw new CliException($"{path}: is a folder; give a model file (made by 'musicgenre train' or SaveGenreModel).");
        if (!File.Exists(path)) throw new CliException($"{path}: model file not found.");
    }
}
