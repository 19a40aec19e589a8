using MusicGenre.Audio;
using MusicGenre.Features;

namespace MusicGenre.Models.Musicnn;

/// <summary>
/// Tags music with the 50 Million Song Dataset tags of the pretrained MSD musicnn network, as musicnn's own tagger
/// does (<c>python -m musicnn.tagger song.mp3 --model MSD_musicnn</c>): every 3 s patch through the network and its
/// output layer (ReLU, batch norm, dense 50, sigmoid, all from <c>MSD_musicnn.h5</c>), then the scores averaged over
/// the patches. The per-patch scores are the timeline (musicnn's "taggram").
/// </summary>
/// <remarks>
/// Thread-safe (the network runs one batch at a time; decoding and features run on the calling threads). Owns its
/// network: dispose it. The weights' licence is <see cref="MusicnnWeights.License"/>; show it with the tags.
/// </remarks>
/// <example><code>
/// using var tagger = MusicnnTagger.FromWeights(await MusicnnWeights.EnsureAsync());
/// var result = tagger.Tag("song.mp3");
/// foreach (var (tag, score) in result.Top(5)) Console.WriteLine($"{tag}: {score:0.00}");
/// </code></example>
public sealed class MusicnnTagger : IDisposable
{
    private static readonly AudioLoadOptions Audio16k = new() { SampleRate = MusicnnFeatures.SampleRate, Mono = true };

    private readonly MusicnnEmbedder embedder;
    private readonly MusicnnTagHead head;
    private readonly ThreadLocal<MusicnnFeatures> features;

    private MusicnnTagger(MusicnnEmbedder embedder, MusicnnTagHead head)
    {
        this.embedder = embedder;
        this.head = head;
        features = new ThreadLocal<MusicnnFeatures>(() => new MusicnnFeatures(embedder.FeatureOptions));
    }

    /// <summary>Creates a tagger from the Keras checkpoint (network and output layer).</summary>
    /// <param name="weightsPath">The <c>MSD_musicnn.h5</c> file (see <see cref="MusicnnWeights.EnsureAsync"/>).</param>
    /// <param name="featureOptions">Which patches are analysed; null for every non-overlapping 3 s patch, as musicnn's tagger.</param>
    /// <param name="batchSize">Patches per forward pass.</param>
    /// <exception cref="MusicnnWeightsException">The file is not a readable musicnn checkpoint (names the file and the layer).</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static MusicnnTagger FromWeights(string weightsPath, MusicnnFeaturesOptions? featureOptions = null, int batchSize = MusicnnEmbedder.DefaultBatchSize)
    {
        ArgumentException.ThrowIfNullOrEmpty(weightsPath);
        var head = MusicnnKerasCheckpoint.ReadTagHead(weightsPath);
        return new MusicnnTagger(MusicnnEmbedder.FromWeights(weightsPath, featureOptions, batchSize), head);
    }

    /// <summary>The tags, in the order of the network's outputs (<see cref="MusicnnTagNames.All"/>).</summary>
    public IReadOnlyList<string> Tags => MusicnnTagNames.All;

    /// <summary>Which patches of a track are analysed.</summary>
    public MusicnnFeaturesOptions FeatureOptions => embedder.FeatureOptions;

    /// <summary>Tags an audio file (any format the library decodes), decoded at 16 kHz mono.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels decoding.</param>
    /// <exception cref="AudioFormatException">The file cannot be decoded (names it and why).</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public MusicnnTagResult Tag(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var clip = AudioFile.Load(path, Audio16k, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        return Tag(clip.Samples, path);
    }

    /// <summary>Tags audio in a stream, decoded at 16 kHz mono.</summary>
    /// <param name="audio">The audio, from its current position (left open).</param>
    /// <param name="name">A name for error messages and <see cref="MusicnnTagResult.Source"/>; null for none.</param>
    /// <param name="cancellationToken">Cancels decoding.</param>
    /// <exception cref="AudioFormatException">The content cannot be decoded.</exception>
    public MusicnnTagResult Tag(Stream audio, string? name = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audio);
        var clip = AudioFile.Load(audio, Audio16k, name, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        return Tag(clip.Samples, name);
    }

    /// <summary>Tags mono samples at 16 kHz (a track shorter than 3 s is padded with silence to one patch).</summary>
    /// <param name="samples">Mono samples at 16 kHz.</param>
    /// <param name="source">What <see cref="MusicnnTagResult.Source"/> reports; null for none.</param>
    public MusicnnTagResult Tag(ReadOnlySpan<float> samples, string? source = null)
    {
        var extractor = features.Value!;
        var frames = extractor.FrameCount(samples.Length);
        var scores = TagEmbeddings(embedder.EmbedPatches(extractor.ComputePatches(samples)));
        const int tags = MusicnnTagNames.Count;
        var count = scores.Length / tags;
        var duration = TimeSpan.FromSeconds((double)samples.Length / MusicnnFeatures.SampleRate);
        var mean = new float[tags];
        var timeline = new List<MusicnnTagPatch>(count);
        for (var p = 0; p < count; p++)
        {
            var row = scores.AsSpan(p * tags, tags);
            for (var t = 0; t < tags; t++) mean[t] += row[t];
            var start = FrameTime(extractor.PatchStartFrame(frames, p));
            var end = start + FrameTime(MusicnnFeatures.PatchFrames);
            timeline.Add(new MusicnnTagPatch(start, end < duration ? end : duration, Ranked(row)));
        }
        for (var t = 0; t < tags; t++) mean[t] /= count;
        return new MusicnnTagResult(source, Ranked(mean), timeline, duration);
    }

    /// <summary>
    /// Applies musicnn's output layer to embeddings (<see cref="MusicnnEmbedder"/>'s, or <c>model/dense/BiasAdd</c>
    /// of musicnn's graph): ReLU, batch norm, dense 50, sigmoid.
    /// </summary>
    /// <param name="embeddings">Row-major <c>[patches, 200]</c>.</param>
    /// <returns>Row-major <c>[patches, 50]</c> tag scores in (0, 1), in the order of <see cref="Tags"/>.</returns>
    public float[] TagEmbeddings(ReadOnlySpan<float> embeddings) => head.Apply(embeddings);

    /// <summary>Frees the network.</summary>
    public void Dispose()
    {
        embedder.Dispose();
        features.Dispose();
    }

    private static TimeSpan FrameTime(int frames) => TimeSpan.FromSeconds((double)frames * MusicnnFeatures.HopLength / MusicnnFeatures.SampleRate);

    /// <summary>Every tag with its score, highest first (ties keep the network's order).</summary>
    private static List<MusicnnTagScore> Ranked(ReadOnlySpan<float> scores)
    {
        var ranked = new List<MusicnnTagScore>(scores.Length);
        for (var t = 0; t < scores.Length; t++) ranked.Add(new MusicnnTagScore(MusicnnTagNames.All[t], scores[t]));
        return ranked.OrderByDescending(s => s.Score).ToList();
    }
}
