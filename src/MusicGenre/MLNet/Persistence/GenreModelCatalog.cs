using Microsoft.ML;
using MusicGenre.IO;
using MusicGenre.Torch;

namespace MusicGenre.MLNet.Persistence;

/// <summary>
/// <c>mlContext.Model.SaveGenreModel(...)</c> and <c>mlContext.Model.LoadGenreModel(...)</c>: save and load a whole
/// fitted chain (for example LoadAudio → MelSpectrogram → MapValueToKey → CnnLstm → MapKeyToValue) as one
/// self-contained file: every step's options, the label names, standardisation and weights, the ML.NET parts saved by
/// ML.NET itself, and training metadata, under one manifest that checksums every entry.
/// </summary>
/// <remarks>
/// Loading rebuilds each step from its stored options; it never instantiates a type named by the file, bounds every
/// number before use, and reports anything wrong as one <see cref="GenreModelFormatException"/>. Plain
/// <c>mlContext.Model.Save</c> on a chain with MusicGenre steps throws at once naming <c>SaveGenreModel</c>; plain
/// <c>mlContext.Model.Load</c> of a model file throws one exception whose message names <c>LoadGenreModel</c>. Steps
/// that only produce the label (such as <c>MapValueToKey("Label")</c>) are skipped by a loaded model when its input
/// has no label, so a <c>PredictionEngine</c> needs only the audio path. See docs/models.md for the file layout.
/// </remarks>
public static class GenreModelCatalog
{
    /// <summary>Saves a fitted chain (or a single transformer) to a file, atomically.</summary>
    /// <param name="catalog">The model operations catalog (<c>mlContext.Model</c>).</param>
    /// <param name="model">The fitted transformer or chain.</param>
    /// <param name="inputSchema">The schema of the data the chain was fitted on (<c>data.Schema</c>).</param>
    /// <param name="filePath">Destination. The file is written to a temporary file in the same folder, flushed and
    /// renamed into place, so an existing file survives any failure; the folder is created when missing.</param>
    /// <param name="metadata">How the model was trained (dataset, split, metrics, settings); null for none.</param>
    /// <exception cref="ArgumentException">The chain does not fit <paramref name="inputSchema"/>.</exception>
    public static void SaveGenreModel(this ModelOperationsCatalog catalog, ITransformer model, DataViewSchema inputSchema, string filePath,
        GenreModelMetadata? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        AtomicFile.WriteAllBytes(filePath, Write(catalog, model, inputSchema, metadata));
    }

    /// <summary>Saves a fitted chain (or a single transformer) to a stream.</summary>
    /// <param name="catalog">The model operations catalog (<c>mlContext.Model</c>).</param>
    /// <param name="model">The fitted transformer or chain.</param>
    /// <param name="inputSchema">The schema of the data the chain was fitted on.</param>
    /// <param name="stream">A writable stream (left open); nothing is written if the chain cannot be saved.</param>
    /// <param name="metadata">How the model was trained; null for none.</param>
    /// <exception cref="ArgumentException">The chain does not fit <paramref name="inputSchema"/>.</exception>
    public static void SaveGenreModel(this ModelOperationsCatalog catalog, ITransformer model, DataViewSchema inputSchema, Stream stream,
        GenreModelMetadata? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(Write(catalog, model, inputSchema, metadata));
    }

    /// <summary>Loads a chain saved by <c>SaveGenreModel</c> (by the library or by the <c>musicgenre</c> tool).</summary>
    /// <param name="catalog">The model operations catalog (<c>mlContext.Model</c>).</param>
    /// <param name="filePath">The model file.</param>
    /// <param name="inputSchema">The schema of the data the chain was fitted on (a prediction needs only its audio path column).</param>
    /// <param name="device">Device for the networks; default <see cref="ComputeDevice.Auto"/>.</param>
    /// <returns>The chain, every step restored.</returns>
    /// <exception cref="GenreModelFormatException">Not a MusicGenre model, truncated, damaged, or from an unsupported version; names the file and the part.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static ITransformer LoadGenreModel(this ModelOperationsCatalog catalog, string filePath, out DataViewSchema inputSchema, ComputeDevice device = ComputeDevice.Auto)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        using var stream = OpenModelFile(filePath);
        return Load(catalog, stream, filePath, device, out inputSchema);
    }

    /// <summary>Loads a chain saved by <c>SaveGenreModel</c> from a stream.</summary>
    /// <param name="catalog">The model operations catalog (<c>mlContext.Model</c>).</param>
    /// <param name="stream">A readable stream positioned at the model (left open).</param>
    /// <param name="inputSchema">The schema of the data the chain was fitted on.</param>
    /// <param name="device">Device for the networks; default <see cref="ComputeDevice.Auto"/>.</param>
    /// <exception cref="GenreModelFormatException">Not a MusicGenre model, truncated, damaged, or from an unsupported version.</exception>
    public static ITransformer LoadGenreModel(this ModelOperationsCatalog catalog, Stream stream, out DataViewSchema inputSchema, ComputeDevice device = ComputeDevice.Auto)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Load(catalog, stream, "stream", device, out inputSchema);
    }

    internal static FileStream OpenModelFile(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Model file not found: {path}", path);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.SequentialScan);
    }

    private static byte[] Write(ModelOperationsCatalog catalog, ITransformer model, DataViewSchema inputSchema, GenreModelMetadata? metadata)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputSchema);
        return GenreModelWriter.Write(catalog, model, inputSchema, metadata);
    }

    private static ITransformer Load(ModelOperationsCatalog catalog, Stream stream, string source, ComputeDevice device, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var file = VerifiedModelFile.Open(VerifiedModelFile.ReadAll(stream, source), source);
        return GenreModelReader.Load(catalog, file, device, out inputSchema);
    }
}
