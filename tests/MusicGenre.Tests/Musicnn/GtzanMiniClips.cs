using MusicGenre.Audio;
using MusicGenre.Features;
using MusicGenre.Tests.TestInfrastructure;

namespace MusicGenre.Tests.Musicnn;

/// <summary>One decoded clip of ../shared/data/gtzan-mini.</summary>
public sealed class GtzanClipRow
{
    public string Path { get; set; } = "";

    public string Label { get; set; } = "";

    /// <summary>Mono samples at 16 kHz.</summary>
    public float[] Samples { get; set; } = [];
}

/// <summary>The 70 clips of ../shared/data/gtzan-mini (7 per genre), decoded at 16 kHz.</summary>
internal static class GtzanMiniClips
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(double, double?), Lazy<List<GtzanClipRow>>> Cache = new();

    /// <summary>
    /// The 3 s segment from 10 s to 13 s of every clip (one musicnn patch each): what the chain and k-fold tests use
    /// by default, decoded once per test run.
    /// </summary>
    public static List<GtzanClipRow> OnePatchEach => Load(offset: 10, duration: 3.0);

    /// <summary>Decodes every clip (cached per segment), optionally only a segment (seconds) of each.</summary>
    public static List<GtzanClipRow> Load(double offset = 0, double? duration = null)
    {
        var root = SharedData.GtzanMini;
        return Cache.GetOrAdd((offset, duration), key => new Lazy<List<GtzanClipRow>>(() => Decode(root, key.Item1, key.Item2))).Value;
    }

    private static List<GtzanClipRow> Decode(string root, double offset, double? duration)
    {
        var options = new AudioLoadOptions { SampleRate = MusicnnFeatures.SampleRate, Offset = offset, Duration = duration };
        var rows = Directory.GetDirectories(root).OrderBy(d => d, StringComparer.Ordinal)
            .SelectMany(dir => Directory.GetFiles(dir).Where(f => f.EndsWith(".wav", StringComparison.Ordinal) || f.EndsWith(".au", StringComparison.Ordinal))
                .OrderBy(f => f, StringComparer.Ordinal)
                .Select(f => new GtzanClipRow { Path = f, Label = System.IO.Path.GetFileName(dir), Samples = AudioFile.Load(f, options).Samples }))
            .ToList();
        Assert.Equal(70, rows.Count);
        return rows;
    }
}
