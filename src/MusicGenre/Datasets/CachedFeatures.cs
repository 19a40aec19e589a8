namespace MusicGenre.Datasets;

/// <summary>A feature matrix read from or written to a <see cref="FeatureCache"/>.</summary>
/// <param name="Values">Row-major <c>[Rows, Columns]</c> values (for a log-mel spectrogram: mel bands × frames).</param>
/// <param name="Rows">Number of rows (mel bands).</param>
/// <param name="Columns">Number of columns (frames).</param>
public sealed record CachedFeatures(float[] Values, int Rows, int Columns);
