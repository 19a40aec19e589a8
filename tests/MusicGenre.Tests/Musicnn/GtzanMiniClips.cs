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
    /// <summary>Decodes every clip, optionally only a segment (seconds) of each.</summary>
    public static List<GtzanClipRow> Load(double offset = 0, double? duration = null)
    {
        var root = SharedData.GtzanMini;
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
