using MusicGenre.Features;

namespace MusicGenre.Models.Musicnn;

/// <summary>The outcome of <see cref="MusicnnFineTuner"/>: the fine-tuned classifier (best epoch restored) and its history.</summary>
public sealed class MusicnnFineTuneResult
{
    internal MusicnnFineTuneResult(MusicnnClassifier classifier, int bestEpoch, IReadOnlyList<MusicnnFineTuneProgress> history)
    {
        Classifier = classifier;
        BestEpoch = bestEpoch;
        History = history;
    }

    /// <summary>The fine-tuned classifier (network + head), in evaluation mode.</summary>
    public MusicnnClassifier Classifier { get; }

    /// <summary>1-based epoch whose weights were kept.</summary>
    public int BestEpoch { get; }

    /// <summary>Every epoch's figures.</summary>
    public IReadOnlyList<MusicnnFineTuneProgress> History { get; }

    /// <summary>
    /// An embedder running a copy of the fine-tuned network, e.g. for <c>mlContext.Transforms.MusicnnEmbedding(..., embedder)</c>
    /// followed by a linear head ("musicnn-finetune").
    /// </summary>
    /// <param name="featureOptions">Patch options; null for all non-overlapping patches.</param>
    /// <param name="batchSize">Patches per forward pass.</param>
    public MusicnnEmbedder CreateEmbedder(MusicnnFeaturesOptions? featureOptions = null, int batchSize = MusicnnEmbedder.DefaultBatchSize)
    {
        var copy = new MusicnnNetwork();
        copy.load_state_dict(Classifier.Backbone.state_dict());
        return new MusicnnEmbedder(copy, featureOptions, batchSize) { IsFineTuned = true };
    }
}
