using MusicGenre.Evaluation;

namespace MusicGenre.Cli.Modeling;

/// <summary>A trained genre model as the CLI uses it: predict a file, save, describe. Implementations are thread-safe for <see cref="Predict"/>.</summary>
internal interface IGenreModel : IDisposable
{
    /// <summary>Model kind (see <see cref="ModelKinds"/>).</summary>
    string Kind { get; }

    /// <summary>Genre labels in key order.</summary>
    IReadOnlyList<string> Labels { get; }

    /// <summary>Training history (empty for one-pass models).</summary>
    IReadOnlyList<EpochRecord> History { get; }

    /// <summary>Predicts one audio file (decoding it, or reading its cached features).</summary>
    TrackPrediction Predict(string path, CancellationToken cancellationToken);

    /// <summary>Saves the model to a single file.</summary>
    void Save(string path, ModelMetadata metadata);
}
