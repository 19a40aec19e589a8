using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MusicGenre.Training;

namespace MusicGenre.MLNet;

/// <summary>
/// The genre network trainer: an ML.NET estimator that trains a TorchSharp network (the seed's CNN-LSTM by default;
/// CNN-GRU and CRNN by <see cref="GenreTrainerOptions.Architecture"/>) on log-mel windows cut from each track, and
/// returns a <see cref="GenreNetworkTransformer"/> that predicts a track by averaging its windows' probabilities.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term>Needs training</term><description>yes</description></item>
/// <item><term>Input</term><description>label: key type; features: vector of Single, <c>[NMels, frames]</c> log-mel in dB (fixed or variable size; the band count is read from <c>MelSpectrogram</c>'s annotations); rows are tracks</description></item>
/// <item><term>Output</term><description><c>Score</c>: vector of Single (probabilities in key order); <c>PredictedLabel</c>: key with the label's values</description></item>
/// <item><term>Package</term><description>MusicGenre (plus a TorchSharp native back end, see docs/gpu.md)</description></item>
/// </list>
/// Created by <c>mlContext.MulticlassClassification.Trainers.CnnLstm(...)</c>, <c>CnnGru(...)</c>, <c>Crnn(...)</c>
/// or <c>GenreNetwork(options)</c>. Logs each epoch to the context's log (<c>mlContext.Log</c>) and stops between
/// mini-batches when <c>mlContext.CancelExecution()</c> is called or its cancellation token is cancelled. Not
/// thread-safe: fit from one thread at a time.
/// </remarks>
public sealed class CnnLstmGenreTrainer : IEstimator<GenreNetworkTransformer>
{
    private readonly IHostEnvironment? environment;
    private readonly GenreTrainerOptions options;
    private readonly IProgress<GenreTrainingProgress>? progress;
    private readonly CancellationToken cancellationToken;

    internal CnnLstmGenreTrainer(IHostEnvironment? environment, GenreTrainerOptions options, IProgress<GenreTrainingProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.environment = environment;
        this.options = options.Clone();
        this.progress = progress;
        this.cancellationToken = cancellationToken;
    }

    /// <summary>A copy of the options this trainer was created with.</summary>
    public GenreTrainerOptions Options => options.Clone();

    /// <summary>Trains on <paramref name="input"/> without validation data.</summary>
    /// <param name="input">Tracks: a key label column and a log-mel feature column.</param>
    public GenreNetworkTransformer Fit(IDataView input) => Fit(input, null);

    /// <summary>Trains on <paramref name="trainData"/>; with <paramref name="validationData"/>, monitors its loss for early stopping (restoring the best epoch) and learning-rate reduction.</summary>
    /// <param name="trainData">Training tracks.</param>
    /// <param name="validationData">Validation tracks with the same columns and label keys, or null.</param>
    /// <exception cref="ArgumentException">A missing column, a label that is not a key, a band count that contradicts the column's.</exception>
    /// <exception cref="InvalidDataException">A bad row (NaN, wrong length, missing label, too short with ShortTracks = Error) or a single class.</exception>
    /// <exception cref="OperationCanceledException">The cancellation token was cancelled, or <c>mlContext.CancelExecution()</c> was called.</exception>
    public GenreNetworkTransformer Fit(IDataView trainData, IDataView? validationData)
    {
        ArgumentNullException.ThrowIfNull(trainData);
        using var channel = environment?.Start(nameof(CnnLstmGenreTrainer));
        var control = new TrainingControl
        {
            Progress = progress,
            CancellationToken = cancellationToken,
            HostCancelled = environment is null ? null : CatalogEnvironment.CancellationProbe(environment),
            Log = channel is null ? null : message => channel.Info(MessageSensitivity.None, message),
        };
        var labels = SpectrogramSetReader.LabelNames(trainData.Schema, options.LabelColumnName, "training");
        var resolved = SpectrogramSetReader.ResolveShape(trainData.Schema, options, "training");
        var train = SpectrogramSetReader.Read(trainData, resolved, labels.Length, "training", control);
        int distinct = train.Labels.Distinct().Count();
        if (distinct < 2)
            throw new InvalidDataException($"The training data holds one class only ('{labels[train.Labels[0]]}'); a genre classifier needs at least two.");
        SpectrogramSet? validation = null;
        if (validationData is not null)
        {
            var validationLabels = SpectrogramSetReader.LabelNames(validationData.Schema, options.LabelColumnName, "validation");
            if (!validationLabels.SequenceEqual(labels))
                throw new ArgumentException("The validation label keys differ from the training ones: map both with the same fitted MapValueToKey.");
            var validationShape = SpectrogramSetReader.ResolveShape(validationData.Schema, resolved, "validation");
            validation = SpectrogramSetReader.Read(validationData, validationShape, labels.Length, "validation", control);
        }
        int seed = options.Seed ?? environment?.Register(nameof(CnnLstmGenreTrainer)).Rand.Next() ?? 0;
        var (model, history) = GenreNetworkTrainer.Train(train, validation, labels, resolved, seed, control);
        return new GenreNetworkTransformer(model, options.FeatureColumnName, history);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var label = inputSchema.FirstOrDefault(c => c.Name == options.LabelColumnName);
        if (label.Name is null)
            throw new ArgumentException($"The input has no label column '{options.LabelColumnName}'.", nameof(inputSchema));
        if (!label.IsKey)
            throw new ArgumentException($"Label column '{options.LabelColumnName}' must be a key type (use MapValueToKey).", nameof(inputSchema));
        var features = inputSchema.FirstOrDefault(c => c.Name == options.FeatureColumnName);
        if (features.Name is null || features.Kind == SchemaShape.Column.VectorKind.Scalar || features.ItemType != NumberDataViewType.Single)
            throw new ArgumentException($"The input needs a float vector column '{options.FeatureColumnName}' holding a [NMels, frames] log-mel spectrogram.", nameof(inputSchema));
        // A schema shape carries no key count or vector size: the shape of the outputs does not depend on them.
        return GenreNetworkSchema.Mapping(options.FeatureColumnName, ["1", "2"]).GetOutputSchema(inputSchema);
    }
}
