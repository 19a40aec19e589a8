using MusicGenre.Features;
using MusicGenre.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace MusicGenre.Models;

/// <summary>
/// A trained genre network with everything needed to use it: architecture, input shape, label names, the
/// standardisation learnt on the training set and the weights. Predicts a track from its log-mel spectrogram
/// (<c>[NMels, frames]</c>, row-major, dB) by averaging the probabilities of its windows.
/// </summary>
/// <remarks>
/// Thread-safe: predictions from several threads are serialised on the network (one forward pass at a time).
/// Dispose it (or the transformer holding it) to free the native weights.
/// </remarks>
public sealed class GenreNetworkModel : IDisposable
{
    /// <summary>
    /// Windows per forward pass. Measured on 2 CPU threads (seed CNN-LSTM, no_grad): chunks of 16 windows run at
    /// 2.6 ms/window, 32 at 3.2 ms, 64 at 3.7 ms (smaller working set per pass; see docs/benchmarks.md).
    /// </summary>
    private const int WindowsPerForward = 16;
    private readonly nn.Module<Tensor, Tensor> network;
    private readonly Device device;
    private readonly object gate = new();
    private bool disposed;

    internal GenreNetworkModel(string architecture, GenreNetworkShape shape, IReadOnlyList<string> labels, FeatureStandardizer standardizer,
        int predictionHopFrames, ShortTrackHandling shortTracks, int sampleRate, int hopLength, nn.Module<Tensor, Tensor> network, Device device)
    {
        if (labels.Count != shape.Classes) throw new ArgumentException($"{labels.Count} label names for {shape.Classes} classes.", nameof(labels));
        if (standardizer.NMels != shape.NMels) throw new ArgumentException($"Standardizer has {standardizer.NMels} bands, the network {shape.NMels}.", nameof(standardizer));
        Architecture = architecture;
        Shape = shape;
        Labels = labels.ToArray();
        Standardizer = standardizer;
        PredictionHopFrames = predictionHopFrames;
        ShortTracks = shortTracks;
        SampleRate = sampleRate;
        HopLength = hopLength;
        this.network = network;
        this.device = device;
        network.eval();
    }

    /// <summary>Architecture name (see <see cref="GenreArchitectures"/>).</summary>
    public string Architecture { get; }

    /// <summary>Mel bands, window frames and number of genres.</summary>
    public GenreNetworkShape Shape { get; }

    /// <summary>Genre names in key order (index i is key i + 1).</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>The per-band standardisation learnt on the training set.</summary>
    public FeatureStandardizer Standardizer { get; }

    /// <summary>Frames between window starts at prediction.</summary>
    public int PredictionHopFrames { get; }

    /// <summary>What happens to tracks shorter than one window.</summary>
    public ShortTrackHandling ShortTracks { get; }

    /// <summary>Sample rate of the audio the features came from (for timeline times), Hz.</summary>
    public int SampleRate { get; }

    /// <summary>Spectrogram hop (for timeline times), samples.</summary>
    public int HopLength { get; }

    /// <summary>Number of trainable parameters.</summary>
    public long ParameterCount => network.parameters().Sum(p => p.numel());

    internal nn.Module<Tensor, Tensor> Network => network;

    /// <summary>Probability per genre (key order) of a track: the mean over its windows.</summary>
    /// <param name="logMel">Row-major <c>[NMels, frames]</c> log-mel spectrogram in dB.</param>
    /// <exception cref="InvalidDataException">Wrong length, NaN/∞ values, or too few frames with <see cref="ShortTrackHandling.Error"/>.</exception>
    public float[] PredictTrack(ReadOnlySpan<float> logMel)
    {
        var windows = PredictWindows(logMel, out int count);
        return Average(windows, count, Shape.Classes);
    }

    /// <summary>The genre timeline of a track: the probabilities of each window and of the whole track.</summary>
    /// <param name="logMel">Row-major <c>[NMels, frames]</c> log-mel spectrogram in dB.</param>
    public GenreTimeline PredictTimeline(ReadOnlySpan<float> logMel)
    {
        var windows = PredictWindows(logMel, out int count);
        return Timeline(windows, count);
    }

    /// <summary>The timeline of a track from its window probabilities (<see cref="Forward"/> of its <see cref="Windows"/>).</summary>
    /// <param name="probabilities">Row-major <c>[count, classes]</c>, from the track's first window on.</param>
    /// <param name="count">Number of windows.</param>
    internal GenreTimeline Timeline(ReadOnlySpan<float> probabilities, int count)
    {
        int k = Shape.Classes;
        double secondsPerFrame = (double)HopLength / SampleRate;
        var items = new GenreTimelineWindow[count];
        for (int w = 0; w < count; w++)
        {
            var p = probabilities.Slice(w * k, k).ToArray();
            int start = w * PredictionHopFrames;
            items[w] = new GenreTimelineWindow(w, start, TimeSpan.FromSeconds(start * secondsPerFrame),
                TimeSpan.FromSeconds(Shape.WindowFrames * secondsPerFrame), p, Labels[ArgMax(p)]);
        }
        var track = Average(probabilities, count, k);
        return new GenreTimeline(Labels, items, track, Labels[ArgMax(track)]);
    }

    /// <summary>Window probabilities, row-major <c>[windows, classes]</c>.</summary>
    internal float[] PredictWindows(ReadOnlySpan<float> logMel, out int count) => Forward(Windows(logMel, out count), count);

    /// <summary>
    /// The standardised windows of a track, row-major <c>[count, NMels, WindowFrames]</c>, as <see cref="Forward"/>
    /// takes them (windows of several tracks may be concatenated into one forward pass).
    /// </summary>
    internal float[] Windows(ReadOnlySpan<float> logMel, out int count)
    {
        int frames = CheckSpectrogram(logMel, Shape.NMels, Shape.WindowFrames, ShortTracks, "the spectrogram");
        int window = Shape.WindowFrames, size = Shape.NMels * window;
        count = Windowing.Count(frames, window, PredictionHopFrames);
        var input = new float[count * size];
        float floor = Windowing.Floor(logMel);
        for (int w = 0; w < count; w++)
        {
            var destination = input.AsSpan(w * size, size);
            Windowing.CopyWindow(logMel, Shape.NMels, frames, w * PredictionHopFrames, window, floor, destination);
            Standardizer.Apply(destination, window);
        }
        return input;
    }

    /// <summary>
    /// Runs standardised windows (<c>[count, NMels, WindowFrames]</c>) through the network; returns softmax
    /// probabilities. <paramref name="cancellationToken"/> is checked between chunks of windows (a long track is hundreds).
    /// </summary>
    internal float[] Forward(float[] windows, int count, CancellationToken cancellationToken = default)
    {
        int k = Shape.Classes, size = Shape.NMels * Shape.WindowFrames;
        var result = new float[count * k];
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            using var noGrad = torch.no_grad();
            // One copy of all windows into native memory, then views of it per chunk.
            using var all = torch.tensor(windows.Length == count * size ? windows : windows.AsSpan(0, count * size).ToArray(),
                new long[] { count, 1, Shape.NMels, Shape.WindowFrames });
            for (int first = 0; first < count; first += WindowsPerForward)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int n = Math.Min(WindowsPerForward, count - first);
                using var scope = torch.NewDisposeScope();
                var x = all.narrow(0, first, n).to(device);
                var probabilities = nn.functional.softmax(network.call(x), 1).cpu();
                probabilities.data<float>().CopyTo(result.AsSpan(first * k, n * k));
            }
        }
        return result;
    }

    /// <summary>Checks length, finiteness and frame count; returns the number of frames.</summary>
    internal static int CheckSpectrogram(ReadOnlySpan<float> logMel, int nMels, int window, ShortTrackHandling shortTracks, string what)
    {
        if (logMel.Length == 0 || logMel.Length % nMels != 0)
            throw new InvalidDataException($"{what} has {logMel.Length} values, which is not a positive multiple of NMels = {nMels}: expected a [NMels, frames] row-major log-mel spectrogram.");
        int frames = logMel.Length / nMels;
        int bad = logMel.IndexOfAnyExceptInRange(float.MinValue, float.MaxValue);
        if (bad >= 0)
            throw new InvalidDataException($"{what} holds a non-finite value ({logMel[bad]}) at mel band {bad / frames}, frame {bad % frames}.");
        if (frames < window && shortTracks == ShortTrackHandling.Error)
            throw new InvalidDataException($"{what} has {frames} frames, fewer than one window of {window} frames (set ShortTracks = Pad to pad it with its dB floor).");
        return frames;
    }

    internal static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }

    private static float[] Average(ReadOnlySpan<float> windows, int count, int k)
    {
        var mean = new float[k];
        for (int w = 0; w < count; w++)
            for (int c = 0; c < k; c++) mean[c] += windows[w * k + c];
        for (int c = 0; c < k; c++) mean[c] /= count;
        return mean;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (gate)
        {
            if (disposed) return;
            disposed = true;
            network.Dispose();
        }
    }
}
