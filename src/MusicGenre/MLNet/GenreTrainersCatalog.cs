using Microsoft.ML;
using MusicGenre.Models;
using MusicGenre.Training;

namespace MusicGenre.MLNet;

/// <summary>
/// <c>mlContext.MulticlassClassification.Trainers.CnnLstm(...)</c>, <c>CnnGru(...)</c>, <c>Crnn(...)</c> and
/// <c>GenreNetwork(options)</c>: genre network trainers on TorchSharp.
/// </summary>
public static class GenreTrainersCatalog
{
    /// <summary>The seed's CNN-LSTM genre trainer (flat overload).</summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="labelColumnName">Key-typed genre column.</param>
    /// <param name="featureColumnName">Vector of Single holding a <c>[NMels, frames]</c> log-mel spectrogram (dB).</param>
    /// <param name="nMels">Mel bands of the spectrogram; default null: read from the feature column (<c>MelSpectrogram</c> annotates it).</param>
    /// <param name="epochs">Maximum epochs; default 30.</param>
    /// <param name="batchSize">Windows per mini-batch; default 32.</param>
    /// <param name="learningRate">Adam learning rate; default 0.001.</param>
    /// <example><code>
    /// var pipeline = mlContext.Transforms.LoadAudio("Samples", "Path")
    ///     .Append(mlContext.Transforms.MelSpectrogram("Features", "Samples"))
    ///     .Append(mlContext.Transforms.Conversion.MapValueToKey("Label"))
    ///     .Append(mlContext.MulticlassClassification.Trainers.CnnLstm("Label", "Features"))
    ///     .Append(mlContext.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
    /// </code></example>
    public static CnnLstmGenreTrainer CnnLstm(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = GenreTrainerOptions.Defaults.LabelColumnName,
        string featureColumnName = GenreTrainerOptions.Defaults.FeatureColumnName,
        int? nMels = null,
        int epochs = GenreTrainerOptions.Defaults.Epochs,
        int batchSize = GenreTrainerOptions.Defaults.BatchSize,
        double learningRate = GenreTrainerOptions.Defaults.LearningRate)
        => Create(catalog, GenreArchitectures.CnnLstm, labelColumnName, featureColumnName, nMels, epochs, batchSize, learningRate);

    /// <summary>The seed's CNN-LSTM genre trainer with all options (trained as <c>cnn-lstm</c> whatever <c>options.Architecture</c> says; <paramref name="options"/> is not changed).</summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="options">Trainer options.</param>
    /// <param name="progress">Receives one report per finished epoch (on the training thread).</param>
    /// <param name="cancellationToken">Stops training between mini-batches.</param>
    public static CnnLstmGenreTrainer CnnLstm(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, GenreTrainerOptions options,
        IProgress<GenreTrainingProgress>? progress = null, CancellationToken cancellationToken = default)
        => GenreNetwork(catalog, WithArchitecture(options, GenreArchitectures.CnnLstm), progress, cancellationToken);

    /// <summary>The seed's CNN-GRU comparison trainer (flat overload).</summary>
    /// <inheritdoc cref="CnnLstm(MulticlassClassificationCatalog.MulticlassClassificationTrainers, string, string, int?, int, int, double)"/>
    public static CnnLstmGenreTrainer CnnGru(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = GenreTrainerOptions.Defaults.LabelColumnName,
        string featureColumnName = GenreTrainerOptions.Defaults.FeatureColumnName,
        int? nMels = null,
        int epochs = GenreTrainerOptions.Defaults.Epochs,
        int batchSize = GenreTrainerOptions.Defaults.BatchSize,
        double learningRate = GenreTrainerOptions.Defaults.LearningRate)
        => Create(catalog, GenreArchitectures.CnnGru, labelColumnName, featureColumnName, nMels, epochs, batchSize, learningRate);

    /// <summary>The CNN-GRU trainer with all options (trained as <c>cnn-gru</c>; <paramref name="options"/> is not changed).</summary>
    /// <inheritdoc cref="CnnLstm(MulticlassClassificationCatalog.MulticlassClassificationTrainers, GenreTrainerOptions, IProgress{GenreTrainingProgress}?, CancellationToken)"/>
    public static CnnLstmGenreTrainer CnnGru(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, GenreTrainerOptions options,
        IProgress<GenreTrainingProgress>? progress = null, CancellationToken cancellationToken = default)
        => GenreNetwork(catalog, WithArchitecture(options, GenreArchitectures.CnnGru), progress, cancellationToken);

    /// <summary>The CRNN (Choi et al. 2017 style) trainer (flat overload).</summary>
    /// <inheritdoc cref="CnnLstm(MulticlassClassificationCatalog.MulticlassClassificationTrainers, string, string, int?, int, int, double)"/>
    public static CnnLstmGenreTrainer Crnn(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = GenreTrainerOptions.Defaults.LabelColumnName,
        string featureColumnName = GenreTrainerOptions.Defaults.FeatureColumnName,
        int? nMels = null,
        int epochs = GenreTrainerOptions.Defaults.Epochs,
        int batchSize = GenreTrainerOptions.Defaults.BatchSize,
        double learningRate = GenreTrainerOptions.Defaults.LearningRate)
        => Create(catalog, GenreArchitectures.Crnn, labelColumnName, featureColumnName, nMels, epochs, batchSize, learningRate);

    /// <summary>The CRNN trainer with all options (trained as <c>crnn</c>; <paramref name="options"/> is not changed).</summary>
    /// <inheritdoc cref="CnnLstm(MulticlassClassificationCatalog.MulticlassClassificationTrainers, GenreTrainerOptions, IProgress{GenreTrainingProgress}?, CancellationToken)"/>
    public static CnnLstmGenreTrainer Crnn(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, GenreTrainerOptions options,
        IProgress<GenreTrainingProgress>? progress = null, CancellationToken cancellationToken = default)
        => GenreNetwork(catalog, WithArchitecture(options, GenreArchitectures.Crnn), progress, cancellationToken);

    /// <summary>A genre network trainer whose architecture is <see cref="GenreTrainerOptions.Architecture"/> (any registered name).</summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="options">Trainer options; validated all at once, then copied (later changes to the object do not reach the trainer).</param>
    /// <param name="progress">Receives one report per finished epoch (on the training thread).</param>
    /// <param name="cancellationToken">Stops training between mini-batches (so does <c>mlContext.CancelExecution()</c>).</param>
    /// <exception cref="ArgumentException">Every invalid option, listed in one message.</exception>
    public static CnnLstmGenreTrainer GenreNetwork(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, GenreTrainerOptions options,
        IProgress<GenreTrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new CnnLstmGenreTrainer(CatalogEnvironment.Get(catalog), options, progress, cancellationToken);
    }

    private static CnnLstmGenreTrainer Create(MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, string architecture,
        string labelColumnName, string featureColumnName, int? nMels, int epochs, int batchSize, double learningRate)
        => GenreNetwork(catalog, new GenreTrainerOptions
        {
            Architecture = architecture,
            LabelColumnName = labelColumnName,
            FeatureColumnName = featureColumnName,
            NMels = nMels,
            Epochs = epochs,
            BatchSize = batchSize,
            LearningRate = learningRate,
        });

    private static GenreTrainerOptions WithArchitecture(GenreTrainerOptions options, string architecture)
    {
        ArgumentNullException.ThrowIfNull(options);
        var copy = options.Clone();
        copy.Architecture = architecture;
        return copy;
    }
}
