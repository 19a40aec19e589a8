using System.Diagnostics;
using MusicGenre.Features;
using MusicGenre.Models;
using MusicGenre.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace MusicGenre.Training;

/// <summary>
/// The training loop: Adam on shuffled mini-batches of windows, cross-entropy, optional validation with early
/// stopping (restoring the best epoch) and learning-rate reduction on plateau, progress per epoch, cancellation
/// between batches. A dispose scope wraps every step and evaluation. Deterministic on CPU for a given seed.
/// </summary>
/// <remarks>
/// Torch's random generator (weights, dropout) is process-wide, so trainings in one process run one at a time:
/// that is what makes a run reproducible while other code uses torch concurrently.
/// </remarks>
internal static class GenreNetworkTrainer
{
    private static readonly object TorchRandomGate = new();

    /// <summary>Trains a network; <paramref name="options"/> has its band count, sample rate and hop resolved.</summary>
    public static (GenreNetworkModel Model, IReadOnlyList<GenreTrainingProgress> History) Train(
        SpectrogramSet train, SpectrogramSet? validation, IReadOnlyList<string> labels, GenreTrainerOptions options, int seed, TrainingControl control)
    {
        var shape = new GenreNetworkShape(options.BandCount, options.WindowFrames, labels.Count);
        var architecture = GenreArchitectures.Get(options.Architecture);
        if (options.NumberOfThreads is int threads) torch.set_num_threads(threads);
        var device = TorchDevices.Resolve(options.Device);

        var standardizer = FeatureStandardizer.Fit(train.Spectrograms, options.BandCount);
        control.Log?.Invoke($"Training {architecture.Name} on {train.Count} tracks ({train.Windows(options.WindowFrames, options.EffectiveTrainingHop).Count} windows of " +
            $"{options.BandCount} × {options.WindowFrames}){(validation is null ? "" : $", validating on {validation.Count}")}, at most {options.Epochs} epochs on {device.type}.");
        lock (TorchRandomGate) return TrainSeeded(train, validation, labels, options, seed, shape, architecture, device, standardizer, control);
    }

    private static (GenreNetworkModel Model, IReadOnlyList<GenreTrainingProgress> History) TrainSeeded(
        SpectrogramSet train, SpectrogramSet? validation, IReadOnlyList<string> labels, GenreTrainerOptions options, int seed,
        GenreNetworkShape shape, GenreArchitecture architecture, Device device, FeatureStandardizer standardizer, TrainingControl control)
    {
        torch.manual_seed(seed);
        if (device.type == DeviceType.CUDA) torch.cuda.manual_seed_all(seed);
        var network = architecture.Create(shape);
        network.to(device);
        var model = new GenreNetworkModel(architecture.Name, shape, labels, standardizer, options.EffectivePredictionHop,
            options.ShortTracks, options.EffectiveSampleRate, options.EffectiveHopLength, network, device);
        try
        {
            var history = Fit(model, train, validation, labels, options, seed, device, control);
            return (model, history);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private static List<GenreTrainingProgress> Fit(GenreNetworkModel model, SpectrogramSet train, SpectrogramSet? validation,
        IReadOnlyList<string> labels, GenreTrainerOptions options, int seed, Device device, TrainingControl control)
    {
        var network = model.Network;
        int window = options.WindowFrames, hop = options.EffectiveTrainingHop;
        var windows = train.Windows(window, hop);
        var order = new int[windows.Count];
        var builder = new WindowBatchBuilder(train, model.Standardizer, window, hop, options.BatchSize, options.Augmentation);
        var optimizer = torch.optim.Adam(network.parameters(), options.LearningRate, weight_decay: options.WeightDecay);
        var folder = options.CheckpointDirectory;
        var checkpoint = new TrainingCheckpoint
        {
            Fingerprint = TrainingCheckpoint.FingerprintOf(options, labels, train, validation, seed),
            LearningRate = options.LearningRate,
            Mean = model.Standardizer.Mean,
            Std = model.Standardizer.Std.ToArray(),
        };
        Dictionary<string, Tensor>? bestWeights = null, lastWeights = null;
        var history = new List<GenreTrainingProgress>();
        var full = new long[] { options.BatchSize, 1, train.NMels, window };
        try
        {
            if (folder is not null && options.ResumeFromCheckpoint && TrainingCheckpoint.TryRead(folder) is { } saved)
            {
                saved.CheckCompatible(folder, checkpoint.Fingerprint);
                if (!saved.Mean.AsSpan().SequenceEqual(checkpoint.Mean) || !saved.Std.AsSpan().SequenceEqual(checkpoint.Std))
                    throw new InvalidDataException($"The checkpoint in '{folder}' was trained on other data: its standardisation statistics differ from this training set's. " +
                        "Use another CheckpointDirectory, delete it, or set ResumeFromCheckpoint = false to start afresh.");
                if (saved.BestWeightsFile is not null)
                {
                    saved.LoadBest(folder, network);
                    bestWeights = Snapshot(network, null);
                }
                saved.LoadLast(folder, network, optimizer);
                checkpoint = saved;
                history.AddRange(saved.History);
                foreach (var group in optimizer.ParamGroups) group.LearningRate = saved.LearningRate;
            }
            for (int epoch = checkpoint.Epoch + 1; epoch <= options.Epochs; epoch++)
            {
                if (StopsEarly(checkpoint, validation, options)) break;
                var clock = Stopwatch.StartNew();
                // Every epoch draws from its own seeds, so a run resumed at any epoch repeats the uninterrupted one.
                int epochSeed = unchecked(seed * 1_000_003 + epoch);
                torch.manual_seed(epochSeed);
                var random = new Random(epochSeed);
                builder.Random = random;
                for (int i = 0; i < order.Length; i++) order[i] = i;
                if (options.Shuffle) random.Shuffle(order);
                network.train();
                double lossSum = 0;
                long correct = 0;
                (double Loss, double Accuracy)? valid;
                try
                {
                    for (int offset = 0; offset < windows.Count; offset += options.BatchSize)
                    {
                        control.ThrowIfCancellationRequested();
                        int count = Math.Min(options.BatchSize, windows.Count - offset);
                        builder.Fill(windows, order, offset, count);
                        using var scope = torch.NewDisposeScope();
                        var x = (count == options.BatchSize
                            ? torch.tensor(builder.Buffer, full)
                            : torch.tensor(builder.Buffer.AsSpan(0, count * train.NMels * window).ToArray(), new long[] { count, 1, train.NMels, window })).to(device);
                        var y = torch.tensor(builder.Targets.AsSpan(0, count).ToArray()).to(device);
                        optimizer.zero_grad();
                        var logits = network.call(x);
                        var loss = nn.functional.cross_entropy(logits, y);
                        loss.backward();
                        optimizer.step();
                        double batchLoss = loss.item<float>();
                        if (!double.IsFinite(batchLoss))
                            throw new InvalidOperationException($"Training diverged: the loss became {batchLoss} in epoch {epoch}. Lower LearningRate (now {checkpoint.LearningRate}).");
                        lossSum += batchLoss * count;
                        correct += logits.argmax(1).eq(y).sum().item<long>();
                    }
                    valid = validation is null ? null : Evaluate(model, validation, control);
                }
                catch (OperationCanceledException) when (options.ReturnBestOnCancel && history.Count > 0)
                {
                    // The interrupted epoch is dropped; with validation data the best epoch is restored below.
                    if (validation is null && lastWeights is not null) Restore(network, lastWeights);
                    break;
                }
                double trainLoss = lossSum / windows.Count, trainAccuracy = (double)correct / windows.Count;
                double monitored = valid?.Loss ?? trainLoss;
                bool isBest = monitored < checkpoint.Best - 1e-6;
                if (isBest)
                {
                    checkpoint.Best = monitored;
                    checkpoint.SinceBest = 0;
                    checkpoint.SinceReduction = 0;
                    if (validation is not null) bestWeights = Snapshot(network, bestWeights);
                }
                else
                {
                    checkpoint.SinceBest++;
                    checkpoint.SinceReduction++;
                }
                history.Add(new GenreTrainingProgress(epoch, options.Epochs, trainLoss, trainAccuracy, valid?.Loss, valid?.Accuracy,
                    checkpoint.LearningRate, clock.Elapsed, isBest));
                if (options.LearningRatePatience > 0 && checkpoint.SinceReduction >= options.LearningRatePatience)
                {
                    checkpoint.LearningRate = Math.Max(options.MinimumLearningRate, checkpoint.LearningRate * options.LearningRateFactor);
                    foreach (var group in optimizer.ParamGroups) group.LearningRate = checkpoint.LearningRate;
                    checkpoint.SinceReduction = 0;
                }
                checkpoint.History = history;
                if (options.ReturnBestOnCancel && validation is null) lastWeights = Snapshot(network, lastWeights);
                if (folder is not null) checkpoint.Write(folder, epoch, network, optimizer, isBest && validation is not null);
                else checkpoint.Epoch = epoch;
                control.Log?.Invoke(Describe(history[^1]));
                control.Progress?.Report(history[^1]);
            }
            if (bestWeights is not null) Restore(network, bestWeights);
        }
        finally
        {
            if (bestWeights is not null) foreach (var t in bestWeights.Values) t.Dispose();
            if (lastWeights is not null) foreach (var t in lastWeights.Values) t.Dispose();
            optimizer.Dispose();
            network.eval();
        }
        return history;
    }

    private static bool StopsEarly(TrainingCheckpoint state, SpectrogramSet? validation, GenreTrainerOptions options)
        => validation is not null && options.EarlyStoppingPatience > 0 && state.SinceBest >= options.EarlyStoppingPatience;

    /// <summary>Window-level mean loss and track-level accuracy (window probabilities averaged per track).</summary>
    internal static (double Loss, double Accuracy) Evaluate(GenreNetworkModel model, SpectrogramSet set, TrainingControl control)
    {
        model.Network.eval();
        double lossSum = 0;
        long windows = 0, right = 0;
        int k = model.Shape.Classes;
        for (int t = 0; t < set.Count; t++)
        {
            control.ThrowIfCancellationRequested();
            var probabilities = model.PredictWindows(set.Spectrograms[t], out int count);
            var mean = new float[k];
            for (int w = 0; w < count; w++)
            {
                lossSum -= Math.Log(Math.Max(probabilities[w * k + set.Labels[t]], 1e-12f));
                for (int c = 0; c < k; c++) mean[c] += probabilities[w * k + c];
            }
            windows += count;
            if (GenreNetworkModel.ArgMax(mean) == set.Labels[t]) right++;
        }
        model.Network.train();
        return (lossSum / Math.Max(1, windows), (double)right / Math.Max(1, set.Count));
    }

    private static string Describe(GenreTrainingProgress p)
        => FormattableString.Invariant($"Epoch {p.Epoch}/{p.Epochs}: training loss {p.TrainLoss:0.0000}, accuracy {p.TrainAccuracy:0.000}") +
           (p.ValidationLoss is { } loss ? FormattableString.Invariant($"; validation loss {loss:0.0000}, accuracy {p.ValidationAccuracy:0.000}") : "") +
           FormattableString.Invariant($"; {p.Elapsed.TotalSeconds:0.0} s{(p.IsBest ? "; best so far" : "")}.");

    private static Dictionary<string, Tensor> Snapshot(nn.Module network, Dictionary<string, Tensor>? previous)
    {
        if (previous is not null) foreach (var t in previous.Values) t.Dispose();
        using var noGrad = torch.no_grad();
        return network.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone().DetachFromDisposeScope());
    }

    private static void Restore(nn.Module network, Dictionary<string, Tensor> weights)
    {
        using var noGrad = torch.no_grad();
        foreach (var (name, tensor) in network.state_dict()) tensor.copy_(weights[name]);
    }
}
