using MusicGenre.Datasets;
using MusicGenre.Tests.TestInfrastructure;

namespace MusicGenre.Tests.Datasets;

public class DatasetSplitterTests
{
    private static readonly string[] GtzanGenres = ["blues", "classical", "country", "disco", "hiphop", "jazz", "metal", "pop", "reggae", "rock"];

    /// <summary>GTZAN's 1000 track names as an in-memory dataset (no audio needed).</summary>
    private static GenreDataset Gtzan(ArtistIndex? artists = null)
    {
        var tracks = GtzanGenres.SelectMany(g => Enumerable.Range(0, 100).Select(i => new GenreTrack($"/gtzan/{g}/{g}.{i:D5}.wav", g, artists?.Find($"{g}.{i:D5}"))));
        return GenreDataset.FromTracks("gtzan", tracks);
    }

    private static GenreDataset Uneven()
    {
        var sizes = new Dictionary<string, int> { ["a"] = 37, ["b"] = 11, ["c"] = 5, ["d"] = 64 };
        return GenreDataset.FromTracks("uneven", sizes.SelectMany(kv => Enumerable.Range(0, kv.Value).Select(i => new GenreTrack($"/x/{kv.Key}/{i}.wav", kv.Key))));
    }

    private static void AssertDisjointAndComplete(GenreDataset ds, DatasetSplit split, bool complete = true)
    {
        var all = split.Train.Concat(split.Valid).Concat(split.Test).Select(t => t.Path).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        if (complete) Assert.Equal(ds.Tracks.Select(t => t.Path).Order(), all.Order());
    }

    [Fact]
    public void StratifiedRandom_PutsEachTrackInExactlyOnePart_WithEachGenresProportions()
    {
        var ds = Uneven();
        var split = DatasetSplitter.StratifiedRandom(ds, new SplitOptions { ValidFraction = 0.2, TestFraction = 0.3, Seed = 5 });

        AssertDisjointAndComplete(ds, split);
        foreach (var (label, n) in ds.CountByLabel())
        {
            Assert.InRange(split.Valid.Count(t => t.Label == label), Math.Floor(0.2 * n) - 1, Math.Ceiling(0.2 * n) + 1);
            Assert.InRange(split.Test.Count(t => t.Label == label), Math.Floor(0.3 * n) - 1, Math.Ceiling(0.3 * n) + 1);
        }
    }

    [Fact]
    public void StratifiedRandom_IsDeterministicForASeed_AndDiffersAcrossSeeds()
    {
        var ds = Gtzan();
        var a = DatasetSplitter.StratifiedRandom(ds, new SplitOptions { Seed = 3 });
        var b = DatasetSplitter.StratifiedRandom(ds, new SplitOptions { Seed = 3 });
        var c = DatasetSplitter.StratifiedRandom(ds, new SplitOptions { Seed = 4 });
        Assert.Equal(a.Test.Select(t => t.Path), b.Test.Select(t => t.Path));
        Assert.Equal(a.Valid.Select(t => t.Path), b.Valid.Select(t => t.Path));
        Assert.NotEqual(a.Test.Select(t => t.Path), c.Test.Select(t => t.Path));
        Assert.Equal(150, a.Test.Count);
        Assert.All(GtzanGenres, g => Assert.Equal(15, a.Test.Count(t => t.Label == g)));
    }

    [Fact]
    public void StratifiedKFold_EachTrackIsTestedExactlyOnce_FoldsAreStratified()
    {
        var ds = Uneven();
        var folds = DatasetSplitter.StratifiedKFold(ds, 5, new SplitOptions { Seed = 2, ValidFraction = 0.1 });

        Assert.Equal(5, folds.Count);
        foreach (var f in folds) AssertDisjointAndComplete(ds, f);
        var tested = folds.SelectMany(f => f.Test).Select(t => t.Path).ToList();
        Assert.Equal(ds.Tracks.Count, tested.Count);
        Assert.Equal(ds.Tracks.Count, tested.Distinct().Count());
        foreach (var (label, n) in ds.CountByLabel())
            Assert.All(folds, f => Assert.InRange(f.Test.Count(t => t.Label == label), n / 5, (n + 4) / 5));
        Assert.InRange(folds.Max(f => f.Test.Count) - folds.Min(f => f.Test.Count), 0, 1);

        var again = DatasetSplitter.StratifiedKFold(ds, 5, new SplitOptions { Seed = 2, ValidFraction = 0.1 });
        Assert.Equal(folds.Select(f => string.Join("|", f.Valid.Select(t => t.Path))), again.Select(f => string.Join("|", f.Valid.Select(t => t.Path))));
    }

    [Fact]
    public void StratifiedKFold_RejectsImpossibleFoldCounts()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DatasetSplitter.StratifiedKFold(Uneven(), 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => DatasetSplitter.StratifiedKFold(Uneven(), 10_000));
    }

    [Fact]
    public void InvalidFractions_AreReportedTogether()
    {
        var ex = Assert.Throws<ArgumentException>(() => DatasetSplitter.StratifiedRandom(Uneven(), new SplitOptions { ValidFraction = -1, TestFraction = 2 }));
        Assert.Contains("ValidFraction", ex.Message);
        Assert.Contains("TestFraction", ex.Message);
    }

    [SkippableFact]
    public void FaultFilteredLists_Give443_197_290()
    {
        var split = DatasetSplitter.FromListFolder(Gtzan(), SharedData.Splits, DatasetSplitter.FaultFiltered);
        Assert.Equal(443, split.Train.Count);
        Assert.Equal(197, split.Valid.Count);
        Assert.Equal(290, split.Test.Count);
        Assert.Empty(split.Issues);
        AssertDisjointAndComplete(Gtzan(), split, complete: false);
    }

    [SkippableFact]
    public void StratifiedLists_Give500_250_250()
    {
        var split = DatasetSplitter.FromListFolder(Gtzan(), SharedData.Splits, DatasetSplitter.Stratified);
        Assert.Equal((500, 250, 250), (split.Train.Count, split.Valid.Count, split.Test.Count));
    }

    [SkippableFact]
    public void FaultFilteredLists_MatchAuCopies_AndReportSkippedJazz00054()
    {
        var tracks = Gtzan().Tracks.Where(t => t.Id != "jazz.00054").Select(t => t with { Path = Path.ChangeExtension(t.Path, ".au") });
        var split = DatasetSplitter.FromListFolder(GenreDataset.FromTracks("gtzan", tracks), SharedData.Splits);
        Assert.Equal(442, split.Train.Count);
        var issue = Assert.Single(split.Issues);
        Assert.Contains("jazz.00054", issue.Path);
        Assert.Contains("known-broken", issue.Reason);
    }

    [SkippableFact]
    public void GtzanMini_MatchesFewTracksOfTheFilteredLists()
    {
        var ds = GenreDataset.Load(SharedData.GtzanMini);
        var split = DatasetSplitter.FromListFolder(ds, SharedData.Splits);
        Assert.All(split.Train.Concat(split.Valid).Concat(split.Test), t => Assert.Contains(t, ds.Tracks));
        Assert.Equal(930 - split.Train.Count - split.Valid.Count - split.Test.Count, split.Issues.Count);
    }

    [Fact]
    public void ListFiles_ThatOverlap_AreRejected()
    {
        using var dir = new TempFolder();
        var a = dir.Text("train_x.txt", "a/0.wav\na/1.wav\n");
        var b = dir.Text("valid_x.txt", "a/1.wav\n");
        var c = dir.Text("test_x.txt", "a/2.wav\n");
        var ex = Assert.Throws<DatasetException>(() => DatasetSplitter.FromListFiles(Uneven(), a, b, c));
        Assert.Contains("'1'", ex.Message);
    }

    [SkippableFact]
    public void GroupByArtist_KeepsEveryArtistInOnePart_InRandomAndKFoldSplits()
    {
        var index = ArtistIndex.LoadSturm(Path.Combine(SharedData.Splits, "GTZANindex_sturm2013faults.txt"));
        var ds = Gtzan(index);
        var options = new SplitOptions { GroupByArtist = true, Seed = 9, ValidFraction = 0.15, TestFraction = 0.2 };

        var splits = new List<DatasetSplit> { DatasetSplitter.StratifiedRandom(ds, options) };
        splits.AddRange(DatasetSplitter.StratifiedKFold(ds, 5, options));
        foreach (var split in splits)
        {
            AssertDisjointAndComplete(ds, split);
            var parts = new[] { split.Train, split.Valid, split.Test };
            var artistParts = parts.SelectMany((p, i) => p.Where(t => t.Artist is not null).Select(t => (t.Artist!.ToLowerInvariant(), i)))
                .Distinct().GroupBy(x => x.Item1).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            Assert.Empty(artistParts);
        }
        // Proportions stay roughly right although whole artists move together.
        Assert.InRange(splits[0].Test.Count, 120, 280);
        // Without grouping, artists do span parts (so the test above can fail).
        var plain = DatasetSplitter.StratifiedRandom(ds, new SplitOptions { Seed = 9 });
        var plainTestArtists = plain.Test.Where(t => t.Artist is not null).Select(t => t.Artist).ToHashSet();
        Assert.Contains(plain.Train, t => t.Artist is not null && plainTestArtists.Contains(t.Artist));
    }
}
