using MusicGenre.Orleans.Batch;
using MusicGenre.Orleans.Grains;
using MusicGenre.Orleans.Results;
using MusicGenre.Tests.TestInfrastructure;

namespace MusicGenre.Tests.Cluster;

/// <summary>The CSV journal: resume after a crash, a torn last row, one writer at a time, quoting, the Parquet copy.</summary>
public sealed class BatchResultFileTests
{
    private static TrackClassification Row(string path, string? error = null, string model = "crnn/m.mgmodel@0123456789ab") => error is null
        ? new() { Path = path, Genre = "rock", Probability = 0.7f, Scores = [new("rock", 0.7f), new("jazz", 0.2f), new("pop", 0.06f), new("blues", 0.04f)], Model = model, Silo = "s1", Elapsed = TimeSpan.FromMilliseconds(12.5) }
        : new() { Path = path, Model = model, Silo = "s1", Error = error };

    [Fact]
    public void ReopeningResumesAndDropsATornLastRow()
    {
        using var dir = new TempFolder();
        var path = dir.Combine("results.csv");
        using (var file = BatchResultFile.Open(path)) file.Append([Row("/a.wav"), Row("/b.wav", error: "no audio")]);
        File.AppendAllText(path, "/c.wav,rock,0.5,rock:0.5,crnn/m.mg"); // a write cut short by a kill

        using (var file = BatchResultFile.Open(path))
        {
            Assert.Equal(["/a.wav", "/b.wav"], file.Completed.Order(StringComparer.Ordinal));
            Assert.Equal(1, file.Failed);
            Assert.True(file.DroppedBytes > 0);
            Assert.Equal("crnn/m.mgmodel@0123456789ab", file.Model);
            Assert.Equal(1, file.Append([Row("/a.wav"), Row("/c.wav")])); // /a.wav has a row already
        }
        var rows = BatchResultFile.Read(path);
        Assert.Equal(["/a.wav", "/b.wav", "/c.wav"], rows.Select(r => r.Path));
        Assert.Equal(0.7f, rows[0].Probability);
        Assert.Equal([("rock", 0.7f), ("jazz", 0.2f), ("pop", 0.06f)], rows[0].Scores.Select(s => (s.Genre, s.Probability)));
        Assert.Equal("no audio", rows[1].Error);
        Assert.Equal(TimeSpan.FromMilliseconds(12.5), rows[0].Elapsed);
    }

    [Fact]
    public void PathsWithCommasQuotesAndLineBreaksRoundTrip()
    {
        using var dir = new TempFolder();
        var path = dir.Combine("results.csv");
        string[] odd = ["/music/a, b.wav", "/music/\"quoted\".wav", "/music/two\nlines.wav"];
        using (var file = BatchResultFile.Open(path)) file.Append(odd.Select(p => Row(p, error: "bad, \"really\"\nbad")));
        using (var file = BatchResultFile.Open(path)) Assert.Equal(odd.Order(StringComparer.Ordinal), file.Completed.Order(StringComparer.Ordinal));
        Assert.All(BatchResultFile.Read(path), r => Assert.Equal("bad, \"really\"\nbad", r.Error));
    }

    [Fact]
    public void OnlyOneRunWritesAFileAndReadersStillRead()
    {
        using var dir = new TempFolder();
        var path = dir.Combine("results.csv");
        using var first = BatchResultFile.Open(path);
        first.Append([Row("/a.wav")]);
        var e = Assert.Throws<GenreBatchException>(() => BatchResultFile.Open(path));
        Assert.Contains("another batch run", e.Message);
        Assert.Single(BatchResultFile.Read(path));
        first.Dispose();
        using var again = BatchResultFile.Open(path);
        Assert.Single(again.Completed);
    }

    [Fact]
    public void AFileThatIsNotAResultFileOrMixesModelsIsRefused()
    {
        using var dir = new TempFolder();
        var other = dir.Text("other.csv", "path,label\n/a.wav,rock\n");
        Assert.Contains("not a batch result file", Assert.Throws<GenreBatchException>(() => BatchResultFile.Open(other)).Message);
        Assert.Equal("path,label\n/a.wav,rock\n", File.ReadAllText(other)); // left as it was

        using var file = BatchResultFile.Open(dir.Combine("results.csv"));
        file.Append([Row("/a.wav")]);
        var e = Assert.Throws<GenreBatchException>(() => file.Append([Row("/b.wav", model: "cnn-lstm/other.mgmodel@ffffffffffff")]));
        Assert.Contains("cnn-lstm/other.mgmodel", e.Message);
    }

    [Fact]
    public async Task ParquetHoldsTheSameRows()
    {
        using var dir = new TempFolder();
        var path = dir.Combine("results.csv");
        using var file = BatchResultFile.Open(path);
        file.Append([Row("/a.wav"), Row("/b.wav", error: "not audio")]);
        var parquet = BatchResultParquet.PathFor(path);
        await BatchResultParquet.WriteAsync(parquet, file.ReadRows());
        var rows = await BatchResultParquet.ReadAsync(parquet);
        Assert.Equal(file.ReadRows().Select(r => (r.Path, r.Genre, r.Probability, r.Error, r.Silo, r.Model)), rows.Select(r => (r.Path, r.Genre, r.Probability, r.Error, r.Silo, r.Model)));
        Assert.Equal([("rock", 0.7f), ("jazz", 0.2f), ("pop", 0.06f)], rows[0].Scores.Select(s => (s.Genre, s.Probability)));
        Assert.Empty(Directory.EnumerateFiles(dir.Path, "*.tmp")); // written through a temporary file, renamed
    }

    [Fact]
    public void ManifestPathsAreResolvedBesideTheManifest()
    {
        using var dir = new TempFolder();
        var manifest = dir.Text("lists/tracks.csv", "path,label\nrock/a.wav,rock\n\"/abs/b, c.wav\",jazz\n\n");
        Assert.Equal([dir.Combine("lists", "rock", "a.wav"), "/abs/b, c.wav"], GenreBatchInput.Read(manifest));
        dir.Wav("music/x.wav");
        dir.Wav("music/sub/y.mp3");
        dir.Text("music/notes.txt", "no");
        dir.Wav("music/.hidden.wav");
        Assert.Equal([dir.Combine("music", "sub", "y.mp3"), dir.Combine("music", "x.wav")], GenreBatchInput.Read(dir.Combine("music")));
        Assert.Throws<GenreBatchException>(() => GenreBatchInput.Read(dir.Text("empty.csv", "path\n")));
    }
}
