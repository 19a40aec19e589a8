using Microsoft.ML;
using MusicGenre.Torch;

namespace MusicGenre.MLNet.Persistence;

/// <summary>
/// <c>mlContext.Model.SaveGenreModel(...)</c> and <c>mlContext.Model.LoadGenreModel(...)</c>: save and load a whole
/// fitted chain (for example LoadAudio → MelSpectrogram → MapValueToKey → CnnLstm → MapKeyToValue) as one file that
/// holds ML.NET's model plus, per genre network, a versioned and checksummed entry with the architecture and its
/// options, label names, standardisation statistics and weights.
/// </summary>
/// <remarks>
/// Loading never instantiates a type named by the file: networks are rebuilt from the architecture registry. A
/// truncated, corrupted or foreign file gives a <see cref="GenreModelFormatException"/>. Plain
/// <c>mlContext.Model.Load</c> on such a file fails with a message naming <c>LoadGenreModel</c>.
/// </remarks>
public static class GenreModelCatalog
{
    /// <summary>Saves a fitted chain (or a single transformer) and the schema of its input to a file.</summary>
    /// <param name="catalog">The model operations catalog (<c>mlContext.Model</c>).</param>
    /// <param name="model">The fitted transformer or chain.</param>
    /// <param name="inputSchema">The schema of the data the chain was fitted on (<c>data.Schema</c>); may be null.</param>
    /// <param name="filePath">Destination; written to a temporary file first and then moved into place.</param>
    public static void SaveGenreModel(this ModelOperationsCatalog catalog, ITransformer model, DataViewSchema? inputSchema, string filePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        var full = Path.GetFullPath(filePath);
        var temporary = full + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            using (var stream = File.Create(temporary)) GenreModelFile.Save(catalog, model, inputSchema, stream);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>Saves a fitted chain (or a single transformer) and the schema of its input to a stream.</summary>
    /// <param name="catalog">The model operations catalog (<c>mlContext.Model</c>).</param>
    /// <param name="model">The fitted transformer or chain.</param>
    /// <param name="inputSchema">The schema of the data the chain was fitted on; may be null.</param>
    /// <param name="stream">A writable stream (left open).</param>
    public static void SaveGenreModel(this ModelOperationsCatalog catalog, ITransformer model, DataViewSchema? inputSchema, Stream stream)
        => GenreModelFile.Save(catalog, model, inputSchema, stream);

    /// <summary>Loads a chain saved by <see cref="SaveGenreModel(ModelOperationsCatalog, ITransformer, DataViewSchema?, string)"/>.</summary>
    /// <param name="catalog">The model operations catalog (<c>mlContext.Model</c>).</param>
    /// <param name="filePath">The model file.</param>
    /// <param name="inputSchema">The schema of the data the chain expects.</param>
    /// <param name="device">Device for the networks; default <see cref="ComputeDevice.Auto"/>.</param>
    /// <returns>The chain, with <see cref="GenreNetworkTransformer"/> steps restored.</returns>
    /// <exception cref="GenreModelFormatException">Not a MusicGenre model, truncated, corrupted, or from an unsupported version.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static ITransformer LoadGenreModel(this ModelOperationsCatalog catalog, string filePath, out DataViewSchema inputSchema, ComputeDevice device = ComputeDevice.Auto)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        using var stream = File.OpenRead(filePath);
        return GenreModelFile.Load(catalog, stream, filePath, device, out inputSchema);
    }

    /// <summary>Loads a chain saved by <c>SaveGenreModel</c> from a stream.</summary>
    /// <param name="catalog">The model operations catalog (<c>mlContext.Model</c>).</param>
    /// <param name="stream">A readable stream positioned at the model.</param>
    /// <param name="inputSchema">The schema of the data the chain expects.</param>
    /// <param name="device">Device for the networks; default <see cref="ComputeDevice.Auto"/>.</param>
    /// <exception cref="GenreModelFormatException">Not a MusicGenre model, truncated, corrupted, or from an unsupported version.</exception>
    public static ITransformer LoadGenreModel(this ModelOperationsCatalog catalog, Stream stream, out DataViewSchema inputSchema, ComputeDevice device = ComputeDevice.Auto)
        => GenreModelFile.Load(catalog, stream, "stream", device, out inputSchema);
}
