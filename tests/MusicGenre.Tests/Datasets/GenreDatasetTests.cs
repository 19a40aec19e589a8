using MusicGenre.Datasets;
using MusicGenre.Tests.TestInfrastructure;

namespace MusicGenre.Tests.Datasets;

public class GenreDatasetTests
{
    [Fact]
    public void FolderPerGenre_ReadsEveryAudioExtension_AndIgnoresOtherFiles()
    {
        using var dir = new TempFolder();
        dir.Wav("rock/a.wav");
        dir.Wav("rock/album/b.WAV");
        dir.Text("rock/c.mp3", "not really an mp3 but non-empty");
        dir.Text("rock/notes.txt", "ignored");
        dir.Wav("pop/d.wav");
        dir.Text("pop/e.flac", "x");
        dir.Text("pop/.hidden.wav", "x");

        var ds = GenreDataset.Load(dir.Path);

        Assert.Equal(DatasetLayout.FolderPerGenre, ds.Layout);
        Assert.Equal(["pop", "rock"], ds.Labels);
        Assert.Equal(5, ds.Tracks.Count);
        Assert.Equal(3, ds.CountByLabel()["rock"]);
        Assert.All(ds.Tracks, t => Assert.True(Path.IsPathRooted(t.Path)));
        Assert.Contains(ds.Tracks, t => t.Path.EndsWith(Path.Combine("album", "b.WAV")));
    }

    [Fact]
    public void GtzanOriginalLayout_IsDetected_AndJazz00054IsSkippedWithAWarning()
    {
        using var dir = new TempFolder();
        dir.Wav("genres/jazz/jazz.00053.au");
        dir.Wav("genres/jazz/jazz.00054.au");
        dir.Wav("genres/blues/blues.00000.au");

        var ds = GenreDataset.Load(dir.Path);

        Assert.Equal(DatasetLayout.GtzanOriginal, ds.Layout);
        Assert.Equal("gtzan", ds.Name);
        Assert.DoesNotContain(ds.Tracks, t => t.Id == "jazz.00054");
        var issue = Assert.Single(ds.Issues);
        Assert.Equal(DatasetIssueKind.KnownBroken, issue.Kind);
        Assert.Contains("jazz.00054", issue.Path);

        var kept = GenreDataset.Load(dir.Path, new DatasetLoadOptions { SkipKnownBroken = false });
        Assert.Contains(kept.Tracks, t => t.Id == "jazz.00054");
    }

    [Fact]
    public void GtzanWavCopy_IsDetected_UnderDataFolderToo()
    {
        using var dir = new TempFolder();
        dir.Wav("Data/genres_original/blues/blues.00000.wav");
        dir.Wav("Data/genres_original/metal/metal.00000.wav");
        var ds = GenreDataset.Load(dir.Path);
        Assert.Equal(DatasetLayout.GtzanWav, ds.Layout);
        Assert.Equal(["blues", "metal"], ds.Labels);
    }

    [Fact]
    public void EmptyFiles_AndFilesOutsideGenreFolders_AreReported()
    {
        using var dir = new TempFolder();
        dir.Wav("a/x.wav");
        dir.Wav("b/y.wav");
        dir.Text("b/empty.wav", "");
        dir.Wav("stray.wav");

        var ds = GenreDataset.Load(dir.Path);

        Assert.Equal(2, ds.Tracks.Count);
        Assert.Contains(ds.Issues, i => i.Kind == DatasetIssueKind.Empty && i.Path.EndsWith("empty.wav"));
        Assert.Contains(ds.Issues, i => i.Kind == DatasetIssueKind.NotInGenreFolder && i.Path.EndsWith("stray.wav"));
    }

    [Fact]
    public void MissingFolder_GivesDatasetExceptionNamingIt()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-dataset-" + Guid.NewGuid());
        var ex = Assert.Throws<DatasetException>(() => GenreDataset.Load(missing));
        Assert.Contains(missing, ex.Message);
        Assert.Contains("not found", ex.Message);
    }

    [Fact]
    public void FolderWithoutAudio_GivesEmptyDatasetError()
    {
        using var dir = new TempFolder();
        dir.Text("rock/readme.txt", "no audio");
        var ex = Assert.Throws<DatasetException>(() => GenreDataset.Load(dir.Path));
        Assert.Contains("empty", ex.Message);
    }

    [Fact]
    public void EnsureTrainable_RejectsOneGenre_AndGenresWithOneTrack_NamingThem()
    {
        using var dir = new TempFolder();
        dir.Wav("rock/a.wav");
        dir.Wav("rock/b.wav");
        var one = GenreDataset.Load(dir.Path);
        var ex1 = Assert.Throws<DatasetException>(() => one.EnsureTrainable());
        Assert.Contains("only one genre", ex1.Message);

        dir.Wav("pop/c.wav");
        var ex2 = Assert.Throws<DatasetException>(() => GenreDataset.Load(dir.Path).EnsureTrainable());
        Assert.Contains("'pop' has 1", ex2.Message);

        dir.Wav("pop/d.wav");
        GenreDataset.Load(dir.Path).EnsureTrainable();
    }

    [Fact]
    public void CsvManifest_ResolvesRelativePaths_QuotedFields_ArtistColumn_AndReportsBadLines()
    {
        using var dir = new TempFolder();
        dir.Wav("audio/one.wav");
        dir.Wav("audio/two, with comma.wav");
        var absolute = dir.Wav("elsewhere/three.wav");
        var csv = dir.Text("lists/manifest.csv",
            "label,path,artist\n" +
            "rock,../audio/one.wav,Band A\n" +
            "\"pop\",\"../audio/two, with comma.wav\",\n" +
            $"pop,{absolute},Band B\n" +
            "rock,../audio/missing.wav,\n" +
            "just-one-field\n");

        var ds = GenreDataset.Load(csv);

        Assert.Equal(DatasetLayout.CsvManifest, ds.Layout);
        Assert.Equal(3, ds.Tracks.Count);
        Assert.Equal("Band A", ds.Tracks.Single(t => t.Id == "one").Artist);
        Assert.Null(ds.Tracks.Single(t => t.Id == "two, with comma").Artist);
        Assert.Equal("pop", ds.Tracks.Single(t => t.Id == "three").Label);
        Assert.Contains(ds.Issues, i => i.Kind == DatasetIssueKind.Missing && i.Path.EndsWith("missing.wav"));
        Assert.Contains(ds.Issues, i => i.Kind == DatasetIssueKind.BadManifestLine && i.Path.EndsWith(":6"));
    }

    [Fact]
    public void CsvManifest_WrittenOnWindows_ResolvesBackslashPaths()
    {
        using var dir = new TempFolder();
        dir.Wav("audio/rock/one.wav");
        dir.Wav("audio/pop/two.wav");
        var csv = dir.Text("m.csv", "path,label\r\naudio\\rock\\one.wav,rock\r\naudio\\pop\\two.wav,pop\r\n");
        var ds = GenreDataset.Load(csv);
        Assert.Equal(2, ds.Tracks.Count);
        Assert.Empty(ds.Issues);
    }

    [Fact]
    public void CsvManifest_WithoutHeader_IsPathThenLabel()
    {
        using var dir = new TempFolder();
        dir.Wav("a.wav");
        dir.Wav("b.wav");
        var csv = dir.Text("m.csv", "a.wav,x\nb.wav,y\n");
        var ds = GenreDataset.Load(csv);
        Assert.Equal(["x", "y"], ds.Labels);
    }

    [Fact]
    public void WithoutUnreadable_MovesFailingFilesToIssuesWithTheReason()
    {
        using var dir = new TempFolder();
        dir.Wav("a/good.wav");
        dir.Text("a/bad.wav", "garbage");
        var ds = GenreDataset.Load(dir.Path).WithoutUnreadable(path =>
        {
            if (File.ReadAllBytes(path).Length < 44) throw new InvalidDataException("too short to be a WAV");
        });
        Assert.Single(ds.Tracks);
        var issue = Assert.Single(ds.Issues);
        Assert.Equal(DatasetIssueKind.Unreadable, issue.Kind);
        Assert.Contains("too short", issue.Reason);
    }

    [SkippableFact]
    public void GtzanMini_Has70TracksIn10Genres()
    {
        var ds = GenreDataset.Load(SharedData.GtzanMini);
        Assert.Equal(70, ds.Tracks.Count);
        Assert.Equal(10, ds.Labels.Count);
        Assert.All(ds.CountByLabel().Values, c => Assert.Equal(7, c));
        Assert.Contains(ds.Tracks, t => t.Path.EndsWith("jazz.00003.au"));
    }

    [SkippableFact]
    public void ArtistIndex_ReadsSturmsIndex()
    {
        var index = ArtistIndex.LoadSturm(Path.Combine(SharedData.Splits, "GTZANindex_sturm2013faults.txt"));
        Assert.Equal("John Lee Hooker", index.Find("blues/blues.00000.wav"));
        Assert.Equal("Coleman Hawkins", index.Find("jazz.00051"));
        Assert.Null(index.Find("jazz.00054")); // unknown artist in the index
        Assert.InRange(index.Count, 800, 1000);
    }
}
