using Microsoft.ML;
using MusicGenre.Evaluation;
using MusicGenre.MLNet;
using MusicGenre.MLNet.Persistence;

namespace MusicGenre.Cli.Modeling;

/// <summary>
/// A model the tool has just trained: the fitted chain from the audio path to the genre (composed from the library's
/// public steps), its input schema and training history. It predicts through the library's <see cref="GenrePredictor"/>
/// and saves through <c>SaveGenreModel</c>, exactly as an application would.
/// </summary>
internal sealed class TrainedModel : IDisposable
{
    private readonly MLContext mlContext;
    private readonly Func<string, CancellationToken, float[]>? rememberedScores;

    /// <param name="kind">The model kind.</param>
    /// <param name="mlContext">The context the chain was fitted in.</param>
    /// <param name="chain">The fitted chain, starting at <c>LoadAudio</c>.</param>
    /// <param name="inputSchema">The schema of its input rows (path and genre).</param>
    /// <param name="history">One record per training epoch.</param>
    /// <param name="spectrograms">The log-mel features the network was trained on (for timeline plots), or null.</param>
    /// <param name="rememberedScores">Scores in <see cref="GenrePredictor.Genres"/> order from remembered embeddings, or null to predict every file afresh.</param>
    public TrainedModel(string kind, MLContext mlContext, ITransformer chain, DataViewSchema inputSchema, IReadOnlyList<EpochRecord> history,
        LogMelFeatures? spectrograms = null, Func<string, CancellationToken, float[]>? rememberedScores = null)
    {
        Kind = kind;
        this.mlContext = mlContext;
        Chain = chain;
        InputSchema = inputSchema;
        History = history;
        Spectrograms = spectrograms;
        this.rememberedScores = rememberedScores;
        Predictor = GenrePredictor.Create(chain, inputSchema);
        Labels = [.. Predictor.Genres.Order(StringComparer.Ordinal)];
    }

    public string Kind { get; }

    public ITransformer Chain { get; }

    public DataViewSchema InputSchema { get; }

    public IReadOnlyList<EpochRecord> History { get; }

    public LogMelFeatures? Spectrograms { get; }

    public GenrePredictor Predictor { get; }

    /// <summary>The genres, sorted (the order of reports and confusion matrices).</summary>
    public IReadOnlyList<string> Labels { get; }

    public TrackPrediction Predict(string path, CancellationToken cancellationToken)
    {
        if (rememberedScores is null) return TrackPrediction.From(Predictor.Predict(path, cancellationToken), Labels);
        var scores = rememberedScores(path, cancellationToken);
        var genres = Predictor.Genres;
        return new TrackPrediction(path, Labels.Select(l => scores[IndexOf(genres, l)]).ToArray(), []);
    }

    public void Save(string path, GenreModelMetadata metadata) => mlContext.Model.SaveGenreModel(Chain, InputSchema, path, metadata);

    public void Dispose()
    {
        Predictor.Dispose();
        foreach (var step in Steps(Chain))
        {
            if (step is GenreNetworkTransformer network) network.Model.Dispose();
            else if (step is MusicnnEmbeddingTransformer musicnn) musicnn.Embedder.Dispose();
        }
        Spectrograms?.Dispose();
    }

    private static int IndexOf(IReadOnlyList<string> genres, string genre)
    {
        for (int i = 0; i < genres.Count; i++) if (genres[i] == genre) return i;
        throw new InvalidOperationException($"The model has no genre '{genre}'.");
    }

    private static IEnumerable<ITransformer> Steps(ITransformer transformer)
        => transformer is IEnumerable<ITransformer> chain ? chain.SelectMany(Steps) : [transformer];
}
