namespace MusicGenre.Cli.Modeling;

/// <summary>Loads a model file of any kind after checking its metadata.</summary>
internal static class ModelStore
{
    public static (IGenreModel Model, ModelMetadata Metadata) Load(string path, string? cacheFolder)
    {
        var metadata = ModelMetadata.Read(path);
        IGenreModel model = ModelKinds.IsNeural(metadata.Kind) ? NeuralModel.Load(path, metadata, cacheFolder)
            : ModelKinds.IsMusicnn(metadata.Kind) ? MusicnnModel.Load(path, metadata)
            : ClassicalModel.Load(path, metadata, ClassicalModel.CacheFor(cacheFolder));
        return (model, metadata);
    }
}
