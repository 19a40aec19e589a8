using Microsoft.ML;
using Microsoft.ML.Data;
using MusicGenre.Models;
using MusicGenre.Training;

namespace MusicGenre.MLNet;

/// <summary>
/// The fitted genre network as an ML.NET transformer. Adds <c>Score</c> (probability per genre, in key order: the
/// mean over the track's windows) and <c>PredictedLabel</c> (key, with the label names as key values), so
/// <c>mlContext.MulticlassClassification.Evaluate</c> and <c>MapKeyToValue</c> work on its output.
/// </summary>
/// <remarks>
/// Save and load it (alone or in a chain) with <c>mlContext.Model.SaveGenreModel</c> / <c>LoadGenreModel</c>
/// (namespace <c>MusicGenre.MLNet.Persistence</c>); plain <c>mlContext.Model.Save</c> refuses with that hint.
/// Thread-safe: rows are scored one forward pass at a time; <c>PredictionEngine</c> itself is not thread-safe, so
/// create one engine per thread (or use <c>GenrePredictor</c>). Deliberately not <see cref="IDisposable"/>: ML.NET
/// disposes the transformers of a chain when a <c>PredictionEngine</c> is disposed; free the weights explicitly with
/// <c>Model.Dispose()</c> when the model is no longer used (otherwise the finalizers do).
/// </remarks>
public sealed class GenreNetworkTransformer : ITransformer
{
    private readonly ITransformer mapping;

    internal GenreNetworkTransformer(GenreNetworkModel model, string featureColumnName,
        IReadOnlyList<GenreTrainingProgress> trainingHistory)
    {
        Model = model;
        FeatureColumnName = featureColumnName;
        TrainingHistory = trainingHistory;
        mapping = GenreNetworkSchema.Mapping(featureColumnName, model.Labels).Create(Map);
    }

    /// <summary>The trained network, its labels and standardisation (also gives per-track and per-window predictions).</summary>
    public GenreNetworkModel Model { get; }

    /// <summary>The input column holding the <c>[NMels, frames]</c> log-mel spectrogram.</summary>
    public string FeatureColumnName { get; }

    /// <summary>One entry per trained epoch (empty for a loaded model).</summary>
    public IReadOnlyList<GenreTrainingProgress> TrainingHistory { get; }

    /// <inheritdoc />
    public bool IsRowToRowMapper => true;

    /// <summary>The genre timeline of one track (probabilities per window and for the whole track).</summary>
    /// <param name="logMel">Row-major <c>[NMels, frames]</c> log-mel spectrogram in dB.</param>
    public GenreTimeline PredictTimeline(ReadOnlySpan<float> logMel) => Model.PredictTimeline(logMel);

    /// <summary>The genre timeline of every row of <paramref name="data"/>, read from <see cref="FeatureColumnName"/>.</summary>
    /// <param name="data">Rows holding the feature column (for example the output of the feature steps of a chain).</param>
    public IEnumerable<GenreTimeline> PredictTimelines(IDataView data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var column = data.Schema.GetColumnOrNull(FeatureColumnName)
            ?? throw new ArgumentException($"The data has no column '{FeatureColumnName}'.", nameof(data));
        using var cursor = data.GetRowCursor([column]);
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        var buffer = default(VBuffer<float>);
        var dense = Array.Empty<float>();
        while (cursor.MoveNext())
        {
            getter(ref buffer);
            if (dense.Length != buffer.Length) dense = new float[buffer.Length];
            buffer.CopyTo(dense);
            yield return Model.PredictTimeline(dense);
        }
    }

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => mapping.GetOutputSchema(inputSchema);

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => mapping.GetRowToRowMapper(inputSchema);

    /// <inheritdoc />
    public IDataView Transform(IDataView input) => mapping.Transform(input);

    void ICanSaveModel.Save(ModelSaveContext ctx) => throw PlainSaveRefusal.For("genre network");

    private void Map(GenreNetworkInput input, GenreNetworkOutput output)
    {
        var probabilities = Model.PredictTrack(input.Features);
        output.Score = probabilities;
        // ML.NET's row mapping treats a key field of a mapped class as 0-based and stores it + 1 (0 stays "missing" only in the column).
        output.PredictedLabel = (uint)GenreNetworkModel.ArgMax(probabilities);
    }
}
