using MusicGenre.Features;

namespace MusicGenre.Training;

/// <summary>
/// Fills one reusable mini-batch buffer (<c>[batch, NMels, WindowFrames]</c>) with standardised, optionally augmented
/// training windows. Allocates nothing per window. Not thread-safe.
/// </summary>
internal sealed class WindowBatchBuilder
{
    private readonly SpectrogramSet set;
    private readonly FeatureStandardizer standardizer;
    private readonly SpectrogramAugmentationOptions? augmentation;
    private readonly int window;
    private readonly int hop;

    public WindowBatchBuilder(SpectrogramSet set, FeatureStandardizer standardizer, int window, int hop, int batchSize,
        SpectrogramAugmentationOptions? augmentation)
    {
        this.set = set;
        this.standardizer = standardizer;
        this.window = window;
        this.hop = hop;
        this.augmentation = augmentation;
        Buffer = new float[batchSize * set.NMels * window];
        Targets = new long[batchSize];
    }

    /// <summary>Random source of window offsets and augmentation (the trainer gives each epoch its own).</summary>
    public Random Random { get; set; } = new(0);

    /// <summary>The batch values (the first <c>count · NMels · WindowFrames</c> are valid after <see cref="Fill"/>).</summary>
    public float[] Buffer { get; }

    /// <summary>0-based classes of the batch.</summary>
    public long[] Targets { get; }

    /// <summary>Fills the buffer with <paramref name="windows"/>[offset .. offset + count).</summary>
    public void Fill(IReadOnlyList<(int Track, int Start)> windows, int[] order, int offset, int count)
    {
        int nMels = set.NMels, size = nMels * window;
        for (int i = 0; i < count; i++)
        {
            var (track, start) = windows[order[offset + i]];
            int frames = set.Frames(track);
            if (augmentation is { RandomWindowOffsets: true } && hop > 1 && frames > window)
                start = Math.Min(start + Random.Next(hop), frames - window);
            var destination = Buffer.AsSpan(i * size, size);
            Windowing.CopyWindow(set.Spectrograms[track], nMels, frames, start, window, set.Floor(track), destination);
            if (augmentation is not null) AugmentDecibels(destination);
            standardizer.Apply(destination, window);
            if (augmentation is not null) Mask(destination);
            Targets[i] = set.Labels[track];
        }
    }

    private void AugmentDecibels(Span<float> values)
    {
        var a = augmentation!;
        if (a.MaxGainDb > 0)
        {
            float gain = (float)((Random.NextDouble() * 2 - 1) * a.MaxGainDb);
            for (int i = 0; i < values.Length; i++) values[i] += gain;
        }
        if (a.NoiseStdDb > 0)
            for (int i = 0; i < values.Length; i++) values[i] += a.NoiseStdDb * Gaussian();
    }

    private void Mask(Span<float> values)
    {
        var a = augmentation!;
        int nMels = set.NMels;
        for (int m = 0; m < a.TimeMasks; m++)
        {
            int width = Random.Next(1, Math.Min(a.MaxTimeMaskFrames, window) + 1), first = Random.Next(window - width + 1);
            for (int band = 0; band < nMels; band++) values.Slice(band * window + first, width).Clear();
        }
        for (int m = 0; m < a.FrequencyMasks; m++)
        {
            int height = Random.Next(1, Math.Min(a.MaxFrequencyMaskBands, nMels) + 1), first = Random.Next(nMels - height + 1);
            values.Slice(first * window, height * window).Clear();
        }
    }

    private float Gaussian()
    {
        double u1 = 1.0 - Random.NextDouble(), u2 = Random.NextDouble();
        return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
    }
}
