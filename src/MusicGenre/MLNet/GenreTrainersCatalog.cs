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
    /// <param name="nMels">Mel bands of the spectrogram; default 64.</param>
    /// <param name="epochs">Maximum epochs; default 30.</param>
    /// <param name="batchSize">Windows per mini-batch; default 32.</param>
    /// <param name="learningRate">Adam learning rate; default 0.001.</param>
    /// <example><code>
    /// var pipeline = mlContext.Transforms.Conversion.MapValueToKey("Label")
    ///     .Append(mlContext.MulticlassClassification.Trainers.CnnLstm("Label", "Features"))
    ///     .Append(mlContext.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
    /// </code></example>
    public static CnnLstmGenreTrainer CnnLstm(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = GenreTrainerOptions.Defaults.LabelColumnName,
        string featureColumnName = GenreTrainerOptions.Defaults.FeatureColumnName,
        int nMels = GenreTrainerOptions.Defaults.NMels,
        int epochs = GenreTrainerOptions.Defaults.Epochs,
        int batchSize = GenreTrainerOptions.Defaults.BatchSize,
        double learningRate = GenreTrainerOptions.Defaults.LearningRate)
        => Create(catalog, GenreArchitectures.CnnLstm, labelColumnName, featureColumnName, nMels, epochs, batchSize, learningRate);

    /// <summary>The seed's CNN-LSTM genre trainer with all options (the <c>Architecture</c> option is set to <c>cnn-lstm</c>).</summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="options">Trainer options.</param>
    public static CnnLstmGenreTrainer CnnLstm(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, GenreTrainerOptions options)
        => GenreNetwork(catalog, WithArchitecture(options, GenreArchitectures.CnnLstm));

    /// <summary>The seed's CNN-GRU comparison trainer (flat overload).</summary>
    /// <inheritdoc cref="CnnLstm(MulticlassClassificationCatalog.MulticlassClassificationTrainers, string, string, int, int, int, double)"/>
    public static CnnLstmGenreTrainer CnnGru(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = GenreTrainerOptions.Defaults.LabelColumnName,
        string featureColumnName = GenreTrainerOptions.Defaults.FeatureColumnName,
        int nMels = GenreTrainerOptions.Defaults.NMels,
        int epochs = GenreTrainerOptions.Defaults.Epochs,
        int batchSize = GenreTrainerOptions.Defaults.BatchSize,
        double learningRate = GenreTrainerOptions.Defaults.LearningRate)
        => Create(catalog, GenreArchitectures.CnnGru, labelColumnName, featureColumnName, nMels, epochs, batchSize, learningRate);

    /// <summary>The CNN-GRU trainer with all options (the <c>Architecture</c> option is set to <c>cnn-gru</c>).</summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="options">Trainer options.</param>
    public static CnnLstmGenreTrainer CnnGru(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, GenreTrainerOptions options)
        => GenreNetwork(catalog, WithArchitecture(options, GenreArchitectures.CnnGru));

    /// <summary>The CRNN (Choi et al. 2017 style) trainer (flat overload).</summary>
    /// <inheritdoc cref="CnnLstm(MulticlassClassificationCatalog.MulticlassClassificationTrainers, string, string, int, int, int, double)"/>
    public static CnnLstmGenreTrainer Crnn(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = GenreTrainerOptions.Defaults.LabelColumnName,
        string featureColumnName = GenreTrainerOptions.Defaults.FeatureColumnName,
        int nMels = GenreTrainerOptions.Defaults.NMels,
        int epochs = GenreTrainerOptions.Defaults.Epochs,
        int batchSize = GenreTrainerOptions.Defaults.BatchSize,
        double learningRate = GenreTrainerOptions.Defaults.LearningRate)
        => Create(catalog, GenreArchitectures.Crnn, labelColumnName, featureColumnName, nMels, epochs, batchSize, learningRate);

    /// <summary>The CRNN trainer with all options (the <c>Architecture</c> option is set to <c>crnn</c>).</summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="options">Trainer options.</param>
    public static CnnLstmGenreTrainer Crnn(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, GenreTrainerOptions options)
        => GenreNetwork(catalog, WithArchitecture(options, GenreArchitectures.Crnn));

    /// <summary>A genre network trainer whose architecture is <see cref="GenreTrainerOptions.Architecture"/> (any registered name).</summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="options">Trainer options; validated all at once.</param>
    /// <exception cref="ArgumentException">Every invalid option, listed in one message.</exception>
    public static CnnLstmGenreTrainer GenreNetwork(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, GenreTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new CnnLstmGenreTrainer(CatalogEnvironment.Get(catalog), options);
    }

    private static CnnLstmGenreTrainer Create(MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, string architecture,
        string labelColumnName, string featureColumnName, int nMels, int epochs, int batchSize, double learningRate)
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
        options.Architecture = architecture;
        return options;
    }
}
