using MusicGenre.Datasets;
using MusicGenre.Tests.TestInfrastructure;

namespace MusicGenre.Tests.Datasets;

public class SyntheticGenresTests
{
    private static readonly SyntheticGenresOptions Short = new() { ClipsPerGenre = 2, DurationSeconds = 1.5, Seed = 7 };

    [Fact]
    public void HasTenDistinctClasses_NoneNamedLikeARealGtzanGenre()
    {
        Assert.Equal(10, SyntheticGenres.Labels.Count);
        Assert.Equal(10, SyntheticGenres.Labels.Distinct().Count());
        Assert.Empty(SyntheticGenres.Labels.Intersect(["blues", "classical", "country", "disco", "hiphop", "jazz", "metal", "pop", "reggae", "rock"]));
    }

    [Fact]
    public void IsDeterministicFromTheSeed()
    {
        var a = SyntheticGenres.GenerateClip("waltz", 3, Short);
        var b = SyntheticGenres.GenerateClip("waltz", 3, Short);
        var c = SyntheticGenres.GenerateClip("waltz", 3, new SyntheticGenresOptions { ClipsPerGenre = 2, DurationSeconds = 1.5, Seed = 8 });
        var d = SyntheticGenres.GenerateClip("waltz", 4, Short);
        Assert.Equal(a.Samples, b.Samples);
        Assert.NotEqual(a.Samples, c.Samples);
        Assert.NotEqual(a.Samples, d.Samples);
        Assert.Equal("synthetic-waltz.00003", a.Id);
    }

    [Fact]
    public void ClipsHaveTheRequestedLength_AndStayInRange()
    {
        foreach (var clip in SyntheticGenres.Generate(Short))
        {
            Assert.Equal((int)(1.5 * 22050), clip.Samples.Length);
            Assert.All(clip.Samples, s => Assert.InRange(s, -1f, 1f));
            Assert.True(clip.Samples.Max(MathF.Abs) > 0.3f, $"{clip.Id} is nearly silent");
        }
    }

    [Fact]
    public void ClassesDifferInSimpleStatistics()
    {
        // Zero-crossing rate and energy fluctuation: crude, but enough to show the classes are not the same sound.
        static (double Zcr, double Flux) Stats(float[] x)
        {
            var z = 0;
            for (var i = 1; i < x.Length; i++) if ((x[i - 1] < 0) != (x[i] < 0)) z++;
            var frames = Enumerable.Range(0, x.Length / 512).Select(f => x.AsSpan(f * 512, 512).ToArray().Sum(v => v * v)).ToArray();
            var flux = frames.Zip(frames.Skip(1), (p, q) => Math.Abs(q - p)).Average() / (frames.Average() + 1e-9);
            return ((double)z / x.Length, flux);
        }
        var stats = SyntheticGenres.Labels.Select(l => Stats(SyntheticGenres.GenerateClip(l, 0, Short).Samples)).ToList();
        var pairsTooClose = 0;
        for (var i = 0; i < stats.Count; i++)
            for (var j = i + 1; j < stats.Count; j++)
                if (Math.Abs(stats[i].Zcr - stats[j].Zcr) < 0.002 && Math.Abs(stats[i].Flux - stats[j].Flux) < 0.02) pairsTooClose++;
        Assert.True(pairsTooClose <= 2, $"{pairsTooClose} class pairs look alike");
    }

    [Fact]
    public void WriteDataset_WritesReadableFolderPerGenreWavs()
    {
        using var dir = new TempFolder();
        var written = SyntheticGenres.WriteDataset(dir.Combine("synthetic"), Short);
        Assert.Equal("synthetic", written.Name);
        Assert.Equal(20, written.Tracks.Count);

        var loaded = GenreDataset.Load(dir.Combine("synthetic"));
        Assert.Equal(written.Tracks.Select(t => t.Path), loaded.Tracks.Select(t => t.Path));
        Assert.Equal(SyntheticGenres.Labels, loaded.Labels);
        Assert.All(loaded.Tracks, t => Assert.StartsWith("synthetic-" + t.Label + ".", Path.GetFileName(t.Path)));
        Assert.Equal(44 + 2 * (int)(1.5 * 22050), new FileInfo(loaded.Tracks[0].Path).Length);
    }

    [Fact]
    public void UnknownClassAndBadOptions_AreRejected()
    {
        Assert.Throws<ArgumentException>(() => SyntheticGenres.GenerateClip("blues", 0));
        var ex = Assert.Throws<ArgumentException>(() => SyntheticGenres.GenerateClip("waltz", 0, new SyntheticGenresOptions { ClipsPerGenre = 0, DurationSeconds = -1 }));
        Assert.Contains("ClipsPerGenre", ex.Message);
        Assert.Contains("DurationSeconds", ex.Message);
    }
}
