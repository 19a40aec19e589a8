using MusicGenre.Audio;
using MusicGenre.Datasets;
using MusicGenre.Features;

namespace MusicGenre.Cli.Modeling;

/// <summary>
/// Decodes a file and computes the networks' input, a log-mel spectrogram in dB (librosa defaults, 64 bands by
/// default), through an on-disk <see cref="FeatureCache"/> when one is given. Thread-safe (one extractor per thread).
/// </summary>
internal sealed class LogMelFeatures : IDisposable
{
    private readonly ThreadLocal<LogMelSpectrogram> _extractors;

    public LogMelFeatures(int nMels, string? cacheFolder)
    {
        Options = new MelSpectrogramOptions { NMels = nMels };
        var options = Options;
        _extractors = new(() => new LogMelSpectrogram(options.Clone()));
        Cache = cacheFolder is null ? null : new FeatureCache(cacheFolder, Fingerprint(options));
    }

    public MelSpectrogramOptions Options { get; }
    public FeatureCache? Cache { get; }
    public int NMels => Options.NMels;
    public double SecondsPerFrame => (double)Options.HopLength / Options.SampleRate;

    public static string Fingerprint(MelSpectrogramOptions o)
        => FeatureCache.Fingerprint("logmel-db", 1, o.SampleRate, o.NFft, o.HopLength, o.WinLength, o.Center, o.Power, o.NMels, o.FMin, o.FMax, o.Htk, o.SlaneyNorm, "ref=1", "amin=1e-10", "top_db=80");

    public CachedFeatures For(string path, CancellationToken ct)
    {
        CachedFeatures Compute(string p)
        {
            var clip = AudioFile.Load(p, new AudioLoadOptions { SampleRate = Options.SampleRate }, ct);
            var extractor = _extractors.Value!;
            var values = extractor.Compute(clip.Samples);
            return new CachedFeatures(values, extractor.NMels, values.Length / extractor.NMels);
        }
        return Cache is null ? Compute(path) : Cache.GetOrCompute(path, Compute);
    }

    public void Dispose() => _extractors.Dispose();
}
