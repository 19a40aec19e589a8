using System.Text.Json;
using MusicGenre.Features;
using MusicGenre.Tests.TestInfrastructure;

namespace MusicGenre.Tests.Features;

/// <summary>The feature items of <c>../shared/fixtures/librosa/manifest.json</c> and how to rebuild their input.</summary>
public static class LibrosaFixtures
{
    /// <summary>Placeholder row used when ../shared is absent, so the theories skip instead of vanishing.</summary>
    public const string Absent = "(shared fixtures absent)";

    /// <summary>Manifest files whose name matches <paramref name="predicate"/>, as theory rows.</summary>
    public static TheoryData<string> Items(Func<string, bool> predicate)
    {
        var data = new TheoryData<string>();
        var manifest = SharedData.Root is { } root ? Path.Combine(root, "fixtures", "librosa", "manifest.json") : null;
        if (manifest is null || !File.Exists(manifest))
        {
            data.Add(Absent);
            return data;
        }
        using var doc = JsonDocument.Parse(File.ReadAllText(manifest));
        foreach (var item in doc.RootElement.GetProperty("items").EnumerateArray())
        {
            var file = item.GetProperty("file").GetString()!;
            if (predicate(file)) data.Add(file);
        }
        return data;
    }

    /// <summary>The shape the manifest records for <paramref name="file"/>.</summary>
    public static int[] ManifestShape(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(SharedData.Fixture("manifest.json")));
        foreach (var item in doc.RootElement.GetProperty("items").EnumerateArray())
            if (item.GetProperty("file").GetString() == file)
                return item.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        throw new KeyNotFoundException(file);
    }

    /// <summary>
    /// The input signal of a feature fixture: <c>&lt;clip&gt;.samples.npy</c>, cut to its first 88,200 samples
    /// for <c>seg4s</c> items (the manifest's "first 88200 samples").
    /// </summary>
    public static float[] InputOf(string file)
    {
        Skip.If(file == Absent, "../shared is absent");
        var parts = file.Split('.');
        var clip = parts[0] + "." + parts[1];
        var (samples, _) = Npy.Read(SharedData.Fixture(clip + ".samples.npy"));
        return file.Contains(".seg4s.") ? samples[..88200] : samples;
    }

    /// <summary>The mel band count encoded in a fixture name (<c>mel64</c> → 64).</summary>
    public static int NMelsOf(string file)
    {
        var token = file.Split('.').First(p => p.StartsWith("mel", StringComparison.Ordinal) && p.Length > 3 && char.IsDigit(p[3]));
        return int.Parse(token[3..]);
    }

    /// <summary>librosa's melspectrogram defaults at 22,050 Hz with <paramref name="nMels"/> bands.</summary>
    public static MelSpectrogramOptions LibrosaDefaults(int nMels) => new() { NMels = nMels };
}
