using MusicGenre.Audio;
using MusicGenre.Datasets;
using MusicGenre.Features;

namespace MusicGenre.Cli.Modeling;

/// <summary>
/// The classical baseline's per-track input: the library's <see cref="SummaryFeatures"/> (MFCC-20, chroma, spectral
/// centroid and zero-crossing rate, mean and std: 68 values), decoded and computed once per file through the cache.
/// The saved model computes the same with the <c>SummaryFeatures</c> step and these <see cref="Options"/>.
/// </summary>
internal static class ClassicalFeatures
{
    /// <summary>Number of values per track.</summary>
    public const int Length = SummaryFeaturesOptions.FeatureCount;

    /// <summary>The feature options (the library's defaults).</summary>
    public static SummaryFeaturesOptions Options => new();

    /// <summary>What changes the features; part of the cache key.</summary>
    public static string Fingerprint { get; } = FeatureCache.Fingerprint("summary", 2, Length, Options.SampleRate, Options.NFft, Options.HopLength, Options.NMels, Options.EstimateTuning);

    /// <summary>The on-disk cache of summary features, or null without a cache folder.</summary>
    public static FeatureCache? CacheFor(string? cacheFolder) => cacheFolder is null ? null : new FeatureCache(cacheFolder, Fingerprint);

    /// <summary>One extractor per thread (the extractor is not thread-safe).</summary>
    public static ThreadLocal<SummaryFeatures> CreateExtractors() => new(() => new SummaryFeatures(Options));

    /// <summary>Decodes a file and computes its summary features, through the cache when one is given.</summary>
    public static float[] ForFile(string path, FeatureCache? cache, ThreadLocal<SummaryFeatures> extractors, CancellationToken ct)
    {
        CachedFeatures Compute(string p)
        {
            var clip = AudioFile.Load(p, new AudioLoadOptions { SampleRate = Options.SampleRate }, ct);
            var values = extractors.Value!.Compute(clip.Samples);
            if (values.Length != Length) throw new InvalidOperationException($"Summary features have {values.Length} values; {Length} expected.");
            return new CachedFeatures(values, 1, Length);
        }
        return (cache is null ? Compute(path) : cache.GetOrCompute(path, Compute)).Values;
    }
}
