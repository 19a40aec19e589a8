using Microsoft.ML;
using Microsoft.ML.Data;
using MusicGenre.Audio;
using MusicGenre.Features;
using MusicGenre.Models.Musicnn;

namespace MusicGenre.MLNet;

/// <summary>
/// "musicnn-finetune" in one call: fine-tunes the whole musicnn network on labelled audio files
/// (<see cref="MusicnnFineTuner"/>), then fits the ML.NET chain <c>LoadAudio(16 kHz) → MusicnnEmbedding(fine-tuned
/// network) → cache → linear head</c> (<see cref="MusicnnLinearPipeline.CreateHead"/>). Save the result with
/// <c>mlContext.Model.SaveGenreModel</c>: the file holds the fine-tuned weights (kind <c>musicnn-finetune</c>).
/// </summary>
public static class MusicnnFineTunePipeline
{
    /// <summary>Fine-tunes and fits the chain.</summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="trainData">Rows with a path column and a genre-name column.</param>
    /// <param name="validationData">Optional rows for early stopping and best-epoch restore (same columns); null trains every epoch and keeps the last.</param>
    /// <param name="weightsPath">The pretrained <c>MSD_musicnn.h5</c> (<see cref="MusicnnWeights.EnsureAsync"/>; <see cref="MusicnnWeights.License"/>).</param>
    /// <param name="options">Fine-tuning options; null for the defaults.</param>
    /// <param name="audio">How files are decoded (the sample rate is forced to 16 kHz; offset and duration apply); null for whole files.</param>
    /// <param name="featureOptions">Patch options for fine-tuning and embedding (e.g. <c>MaxPatches</c> to bound the cost); null for all patches.</param>
    /// <param name="pathColumnName">The path column.</param>
    /// <param name="labelColumnName">The genre-name column.</param>
    /// <param name="progress">Receives each fine-tuning epoch.</param>
    /// <param name="cancellationToken">Stops decoding and fine-tuning.</param>
    /// <returns>The fitted chain; its output has <c>Score</c>, <c>PredictedLabel</c> and <c>PredictedGenre</c>.</returns>
    public static ITransformer Fit(MLContext mlContext, IDataView trainData, IDataView? validationData, string weightsPath,
        MusicnnFineTuneOptions? options = null, AudioLoadOptions? audio = null, MusicnnFeaturesOptions? featureOptions = null,
        string pathColumnName = "Path", string labelColumnName = "Label",
        IProgress<MusicnnFineTuneProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(trainData);
        ColumnChecks.RequireText(trainData.Schema, pathColumnName, "MusicnnFineTunePipeline");
        ColumnChecks.RequireText(trainData.Schema, labelColumnName, "MusicnnFineTunePipeline");
        var decode = new AudioLoadOptions
        {
            SampleRate = MusicnnFeatures.SampleRate,
            Mono = true,
            Offset = audio?.Offset ?? 0,
            Duration = audio?.Duration,
            FfmpegPath = audio?.FfmpegPath,
            MaxSamples = audio?.MaxSamples ?? AudioLoadOptions.Defaults.MaxSamples,
        };
        var trainTracks = ReadTracks(trainData, pathColumnName, labelColumnName);
        var genres = trainTracks.Select(t => t.Label).Distinct().Order(StringComparer.Ordinal).ToList();
        if (genres.Count < 2) throw new ArgumentException($"Fine-tuning needs at least two genres; the training data has {genres.Count}.", nameof(trainData));
        var train = Patches(trainTracks, genres, decode, featureOptions, cancellationToken);
        MusicnnPatchSet? validation = null;
        if (validationData is not null)
        {
            var validationTracks = ReadTracks(validationData, pathColumnName, labelColumnName);
            var unknown = validationTracks.Select(t => t.Label).FirstOrDefault(l => !genres.Contains(l));
            if (unknown is not null) throw new ArgumentException($"Validation genre '{unknown}' is not in the training data.", nameof(validationData));
            validation = Patches(validationTracks, genres, decode, featureOptions, cancellationToken);
        }

        var result = MusicnnFineTuner.FineTune(weightsPath, train, validation, options, progress, cancellationToken);
        MusicnnEmbedder embedder;
        using (result.Classifier) embedder = result.CreateEmbedder(featureOptions);
        return mlContext.Transforms.LoadAudio("__musicnn_samples_16k__", pathColumnName, decode)
            .Append(mlContext.Transforms.MusicnnEmbedding(MusicnnLinearPipeline.FeaturesColumn, "__musicnn_samples_16k__", embedder))
            .Append(mlContext.Transforms.DropColumns("__musicnn_samples_16k__"))
            .AppendCacheCheckpoint(mlContext)
            .Append(MusicnnLinearPipeline.CreateHead(mlContext, MusicnnLinearPipeline.FeaturesColumn, labelColumnName))
            .Fit(trainData);
    }

    private static List<(string Path, string Label)> ReadTracks(IDataView data, string pathColumn, string labelColumn)
    {
        var paths = data.GetColumn<ReadOnlyMemory<char>>(pathColumn).Select(p => p.ToString()).ToList();
        var labels = data.GetColumn<ReadOnlyMemory<char>>(labelColumn).Select(l => l.ToString()).ToList();
        return paths.Zip(labels).ToList();
    }

    private static MusicnnPatchSet Patches(List<(string Path, string Label)> tracks, List<string> genres, AudioLoadOptions decode,
        MusicnnFeaturesOptions? featureOptions, CancellationToken cancellationToken)
        => MusicnnPatchSet.FromTracks(tracks.Select(t => (AudioFile.Load(t.Path, decode, cancellationToken).Samples, genres.IndexOf(t.Label))),
            genres.Count, featureOptions);
}
