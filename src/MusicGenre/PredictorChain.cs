using System.Collections.Concurrent;
using Microsoft.ML;
using Microsoft.ML.Data;
using MusicGenre.MLNet;
using MusicGenre.MLNet.Persistence;

namespace MusicGenre;

/// <summary>
/// How a <see cref="GenrePredictor"/> runs a fitted chain: the chain's first step must be <c>LoadAudio</c>, whose
/// options decode the audio (outside ML.NET, so paths, streams and samples take the same road); the rest runs in
/// pooled prediction engines. For a network model the engines stop at the network's log-mel input and the network
/// scores the windows itself, which gives the timeline and the track's scores from one forward pass.
/// </summary>
internal sealed class PredictorChain : IDisposable
{
    private readonly MLContext mlContext = new();
    private readonly ITransformer head;
    private readonly SchemaDefinition inputDefinition;
    private readonly SchemaDefinition outputDefinition;
    private readonly ConcurrentBag<PredictionEngine<SamplesInput, VectorOutput>> idle = [];
    private readonly ConcurrentBag<PredictionEngine<SamplesInput, VectorOutput>> all = [];

    private PredictorChain(LoadAudioTransformer loadAudio, ITransformer head, DataViewSchema.Column output, GenreNetworkTransformer? network, IReadOnlyList<string> genres)
    {
        LoadAudio = loadAudio;
        this.head = head;
        Network = network;
        Genres = genres;
        inputDefinition = SchemaDefinition.Create(typeof(SamplesInput), SchemaDefinition.Direction.Read);
        var samples = inputDefinition[nameof(SamplesInput.Samples)];
        samples.ColumnName = loadAudio.OutputColumnName;
        samples.ColumnType = new VectorDataViewType(NumberDataViewType.Single);
        outputDefinition = SchemaDefinition.Create(typeof(VectorOutput), SchemaDefinition.Direction.Write);
        var values = outputDefinition[nameof(VectorOutput.Values)];
        values.ColumnName = output.Name;
        values.ColumnType = output.Type;
        Return(Rent()); // builds one engine now, so a chain that cannot run fails here rather than at the first prediction
    }

    public LoadAudioTransformer LoadAudio { get; }

    /// <summary>The network that scores the windows, or null when the chain's <c>Score</c> comes from elsewhere.</summary>
    public GenreNetworkTransformer? Network { get; }

    public IReadOnlyList<string> Genres { get; }

    /// <exception cref="ArgumentException">The chain does not start at the audio or has no genre scores.</exception>
    public static PredictorChain For(ITransformer model, DataViewSchema inputSchema)
    {
        List<ITransformer> parts;
        try
        {
            parts = [.. ChainPlan.Of(model, inputSchema).AsLoaded()];
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException("The model does not fit its input schema: " + e.Message, nameof(model), e);
        }
        if (parts.FirstOrDefault() is not LoadAudioTransformer loadAudio)
            throw new ArgumentException(
                "The model does not start at the audio: its first step is " + (parts.FirstOrDefault()?.GetType().Name ?? "missing") +
                ", not LoadAudio. A genre predictor needs a chain that starts with mlContext.Transforms.LoadAudio(...).", nameof(model));
        var samples = SamplesSchema(loadAudio.OutputColumnName);
        var rest = parts.Skip(1).ToList();
        var final = Run(rest, samples, "the model");
        if (final.GetColumnOrNull("Score") is not { Type: VectorDataViewType { ItemType: NumberDataViewType, Size: > 0 } } score)
            throw new ArgumentException("The model has no Score column of known size: it is not a genre classifier.", nameof(model));
        var genres = ChainPlan.GenreNames(final);
        if (genres.Count != ((VectorDataViewType)score.Type).Size)
            throw new ArgumentException("The model's Score column has no genre names (slot names).", nameof(model));

        int at = rest.FindIndex(p => p is GenreNetworkTransformer);
        if (at >= 0)
        {
            var network = (GenreNetworkTransformer)rest[at];
            var before = Run(rest.Take(at), samples, "the model");
            var scored = network.GetOutputSchema(before);
            var afterwards = Run(rest.Skip(at + 1), scored, "the model");
            // The network's own scores are the chain's only when nothing after it rewrites Score.
            if (afterwards["Score"].Index == scored["Score"].Index && network.Model.Labels.SequenceEqual(genres))
                return new PredictorChain(loadAudio, new TransformerChain<ITransformer>([.. rest.Take(at)]), before[network.FeatureColumnName], network, genres);
        }
        return new PredictorChain(loadAudio, new TransformerChain<ITransformer>([.. rest]), score, null, genres);
    }

    /// <summary>Runs the chain after LoadAudio on one track's samples: the network's log-mel input, or the scores.</summary>
    public float[] Run(float[] samples)
    {
        var engine = Rent();
        try
        {
            return engine.Predict(new SamplesInput { Samples = samples }).Values;
        }
        finally
        {
            Return(engine);
        }
    }

    public void Dispose()
    {
        foreach (var engine in all) engine.Dispose();
    }

    private PredictionEngine<SamplesInput, VectorOutput> Rent()
    {
        if (idle.TryTake(out var engine)) return engine;
        engine = mlContext.Model.CreatePredictionEngine<SamplesInput, VectorOutput>(head, ignoreMissingColumns: false, inputDefinition, outputDefinition);
        all.Add(engine);
        return engine;
    }

    private void Return(PredictionEngine<SamplesInput, VectorOutput> engine) => idle.Add(engine);

    private static DataViewSchema SamplesSchema(string column)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(column, new VectorDataViewType(NumberDataViewType.Single));
        return builder.ToSchema();
    }

    private static DataViewSchema Run(IEnumerable<ITransformer> parts, DataViewSchema schema, string what)
    {
        foreach (var part in parts)
        {
            try
            {
                schema = part.GetOutputSchema(schema);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                throw new ArgumentException($"{what} needs more than the audio to predict: {part.GetType().Name} fails on the decoded samples ({e.Message}).", e);
            }
        }
        return schema;
    }

    /// <summary>The engine's input: one track's samples, named as LoadAudio's output column.</summary>
    internal sealed class SamplesInput
    {
        public float[] Samples = [];
    }

    /// <summary>The engine's output: one float vector (the log-mel or the scores).</summary>
    internal sealed class VectorOutput
    {
        public float[] Values = [];
    }
}
