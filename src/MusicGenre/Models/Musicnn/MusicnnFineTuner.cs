using System.Diagnostics;
using MusicGenre.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MusicGenre.Models.Musicnn;

/// <summary>
/// Fine-tunes the whole musicnn network with a genre head on labelled patches: Adam (one learning rate for the
/// pretrained network, another for the head), shuffled mini-batches, cross-entropy, early stopping with restore of
/// the best epoch, optional checkpoint folder, progress per epoch and cancellation between batches. Deterministic on
/// CPU for a given <see cref="MusicnnFineTuneOptions.Seed"/>.
/// </summary>
/// <remarks>
/// A self-contained loop on the musicnn network; the generic CNN trainer (<c>MusicGenre.Training</c>) can take it
/// over. Each step runs in a dispose scope; validation runs under <c>no_grad</c> in evaluation mode.
/// </remarks>
public static class MusicnnFineTuner
{
    /// <summary>Fine-tunes the pretrained network of a Keras checkpoint with a new head of <paramref name="train"/>'s classes.</summary>
    /// <param name="weightsPath">The <c>MSD_musicnn.h5</c> file (<see cref="MusicnnWeights.EnsureAsync"/>; <see cref="MusicnnWeights.License"/>).</param>
    /// <param name="train">Training patches.</param>
    /// <param name="validation">Validation patches for early stopping and best-epoch restore; null trains every epoch and keeps the last.</param>
    /// <param name="options">Training options; null for the defaults.</param>
    /// <param name="progress">Receives each epoch's figures.</param>
    /// <param name="cancellationToken">Stops training between batches (throws <see cref="OperationCanceledException"/>).</param>
    public static MusicnnFineTuneResult FineTune(string weightsPath, MusicnnPatchSet train, MusicnnPatchSet? validation = null,
        MusicnnFineTuneOptions? options = null, IProgress<MusicnnFineTuneProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        options ??= new MusicnnFineTuneOptions();
        options.Validate();
        torch.manual_seed(options.Seed);
        var classifier = new MusicnnClassifier(MusicnnWeights.LoadNetwork(weightsPath), train.ClassCount, weightsPath);
        try
        {
            return FineTune(classifier, train, validation, options, progress, cancellationToken);
        }
        catch
        {
            classifier.Dispose();
            throw;
        }
    }

    /// <summary>Fine-tunes an existing classifier in place.</summary>
    /// <param name="classifier">The classifier (usually a pretrained network with a new head).</param>
    /// <param name="train">Training patches.</param>
    /// <param name="validation">Validation patches for early stopping and best-epoch restore; null trains every epoch and keeps the last.</param>
    /// <param name="options">Training options; null for the defaults.</param>
    /// <param name="progress">Receives each epoch's figures.</param>
    /// <param name="cancellationToken">Stops training between batches.</param>
    public static MusicnnFineTuneResult FineTune(MusicnnClassifier classifier, MusicnnPatchSet train, MusicnnPatchSet? validation = null,
        MusicnnFineTuneOptions? options = null, IProgress<MusicnnFineTuneProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(train);
        options ??= new MusicnnFineTuneOptions();
        options.Validate();
        if (train.ClassCount != classifier.ClassCount || (validation is not null && validation.ClassCount != classifier.ClassCount))
            throw new ArgumentException($"The classifier has {classifier.ClassCount} classes but the patch sets have {train.ClassCount}{(validation is null ? "" : $" and {validation.ClassCount}")}.");
        torch.manual_seed(options.Seed);
        var random = new Random(options.Seed);

        var headParameters = classifier.HeadParameters().ToList();
        var headSet = headParameters.ToHashSet();
        var groups = new List<Adam.ParamGroup> { new(headParameters, options.HeadLearningRate) };
        var backboneParameters = classifier.Backbone.parameters().Where(p => !headSet.Contains(p)).ToList();
        if (options.LearningRate > 0) groups.Add(new Adam.ParamGroup(backboneParameters, options.LearningRate));
        else foreach (var p in backboneParameters) p.requires_grad = false;
        using var optimizer = torch.optim.Adam(groups);

        var history = new List<MusicnnFineTuneProgress>();
        Dictionary<string, Tensor>? best = null;
        var bestLoss = double.PositiveInfinity;
        var bestEpoch = 0;
        var sinceBest = 0;
        var order = Enumerable.Range(0, train.Count).ToArray();
        var buffer = new float[options.BatchSize * MusicnnPatchSet.PatchSize];
        var labels = new long[options.BatchSize];
        try
        {
            for (var epoch = 1; epoch <= options.Epochs; epoch++)
            {
                var watch = Stopwatch.StartNew();
                random.Shuffle(order);
                classifier.train();
                if (options.FreezeBatchNormStatistics) classifier.FreezeBatchNormStatistics();
                double lossSum = 0;
                var correct = 0;
                for (var start = 0; start < order.Length; start += options.BatchSize)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var n = Math.Min(options.BatchSize, order.Length - start);
                    for (var i = 0; i < n; i++)
                    {
                        train.Patches.AsSpan(order[start + i] * MusicnnPatchSet.PatchSize, MusicnnPatchSet.PatchSize)
                            .CopyTo(buffer.AsSpan(i * MusicnnPatchSet.PatchSize));
                        labels[i] = train.Labels[order[start + i]];
                    }
                    using var scope = torch.NewDisposeScope();
                    var x = torch.tensor(buffer.AsSpan(0, n * MusicnnPatchSet.PatchSize).ToArray(), [n, MusicnnArchitecture.PatchFrames, MusicnnArchitecture.MelBands]);
                    var y = torch.tensor(labels.AsSpan(0, n).ToArray());
                    var logits = classifier.forward(x);
                    var loss = nn.functional.cross_entropy(logits, y);
                    optimizer.zero_grad();
                    loss.backward();
                    optimizer.step();
                    lossSum += loss.item<float>() * n;
                    correct += (int)logits.argmax(1).eq(y).sum().item<long>();
                }
                var trainLoss = lossSum / train.Count;
                var (validationLoss, validationAccuracy) = validation is null ? ((double?)null, (double?)null) : Evaluate(classifier, validation, options.BatchSize, cancellationToken);
                var monitored = validationLoss ?? trainLoss;
                var isBest = monitored < bestLoss;
                if (isBest)
                {
                    bestLoss = monitored;
                    bestEpoch = epoch;
                    sinceBest = 0;
                    DisposeAll(best);
                    best = classifier.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
                    if (options.CheckpointDirectory is not null && validation is not null) SaveBest(classifier, options.CheckpointDirectory);
                }
                else sinceBest++;
                var report = new MusicnnFineTuneProgress(epoch, options.Epochs, trainLoss, (double)correct / train.Count,
                    validationLoss, validationAccuracy, watch.Elapsed, isBest);
                history.Add(report);
                progress?.Report(report);
                if (validation is not null && options.EarlyStoppingPatience > 0 && sinceBest >= options.EarlyStoppingPatience) break;
            }
            if (validation is not null && best is not null) classifier.load_state_dict(best);
        }
        finally
        {
            DisposeAll(best);
            foreach (var p in backboneParameters) p.requires_grad = true;
        }
        classifier.eval();
        return new MusicnnFineTuneResult(classifier, validation is null ? history.Count : bestEpoch, history);
    }

    /// <summary>The file in <see cref="MusicnnFineTuneOptions.CheckpointDirectory"/> that holds the best epoch's weights.</summary>
    public const string BestWeightsFile = "best-classifier.weights";

    /// <summary>Writes the best weights atomically (<see cref="TorchFiles"/>).</summary>
    private static void SaveBest(MusicnnClassifier classifier, string folder)
        => TorchFiles.Save(Path.Combine(folder, BestWeightsFile), writer => classifier.save(writer));

    /// <summary>Mean cross-entropy and accuracy of a classifier on patches (evaluation mode, no gradients).</summary>
    /// <param name="classifier">The classifier.</param>
    /// <param name="patches">Labelled patches.</param>
    /// <param name="batchSize">Patches per forward pass.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    public static (double Loss, double Accuracy) Evaluate(MusicnnClassifier classifier, MusicnnPatchSet patches, int batchSize = MusicnnEmbedder.DefaultBatchSize,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(patches);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var wasTraining = classifier.training;
        classifier.eval();
        using var noGrad = torch.no_grad();
        double lossSum = 0;
        var correct = 0;
        for (var start = 0; start < patches.Count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var n = Math.Min(batchSize, patches.Count - start);
            using var scope = torch.NewDisposeScope();
            var x = torch.tensor(patches.Patches.AsSpan(start * MusicnnPatchSet.PatchSize, n * MusicnnPatchSet.PatchSize).ToArray(),
                [n, MusicnnArchitecture.PatchFrames, MusicnnArchitecture.MelBands]);
            var y = torch.tensor(patches.Labels.AsSpan(start, n).ToArray().Select(l => (long)l).ToArray());
            var logits = classifier.forward(x);
            lossSum += nn.functional.cross_entropy(logits, y).item<float>() * n;
            correct += (int)logits.argmax(1).eq(y).sum().item<long>();
        }
        if (wasTraining) classifier.train();
        return (lossSum / patches.Count, (double)correct / patches.Count);
    }

    private static void DisposeAll(Dictionary<string, Tensor>? tensors)
    {
        if (tensors is null) return;
        foreach (var t in tensors.Values) t.Dispose();
        tensors.Clear();
    }
}
