using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.ML;
using MusicGenre.MLNet.Persistence;
using MusicGenre.Tests.TestInfrastructure;

namespace MusicGenre.Tests.Persistence;

/// <summary>The model file itself: layout, checksums, bounds, resaving, other versions, atomic writes.</summary>
[Collection(ModelZooCollection.Name)]
public class ModelFileTests(ModelZoo zoo)
{
    [Fact]
    public void TheManifestListsEveryStepAndChecksumsEveryOtherEntry()
    {
        var path = zoo.Library("cnn-lstm").Path;
        using var zip = ZipFile.OpenRead(path);
        var manifestBytes = Read(zip, "musicgenre/manifest.json");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(manifestBytes)), Encoding.ASCII.GetString(Read(zip, "musicgenre/manifest.sha256")).Trim());
        var manifest = JsonNode.Parse(manifestBytes)!;
        Assert.Equal("musicgenre-model", (string?)manifest["format"]);
        Assert.Equal(2, (int)manifest["version"]!);
        Assert.Equal("cnn-lstm", (string?)manifest["kind"]);
        Assert.Equal("Path", (string?)manifest["inputColumn"]);
        Assert.Equal("Label", (string?)manifest["labelColumn"]);
        Assert.Equal(zoo.Library("cnn-lstm").Genres, manifest["genres"]!.AsArray().Select(g => (string)g!).Order());
        var steps = manifest["steps"]!.AsArray().Select(s => ((string)s!["kind"]!, (bool?)s["labelOnly"])).ToList();
        Assert.Equal([("LoadAudio", null), ("MelSpectrogram", null), ("MLNet", true), ("GenreNetwork", null), ("MLNet", false)], steps);
        var entries = manifest["entries"]!.AsObject();
        var others = zip.Entries.Select(e => e.FullName).Where(n => !n.StartsWith("musicgenre/manifest", StringComparison.Ordinal)).Order().ToList();
        Assert.Equal(others, entries.Select(e => e.Key).Order());
        foreach (var (name, entry) in entries)
        {
            var content = Read(zip, name);
            Assert.Equal((long)entry!["length"]!, content.Length);
            Assert.Equal((string?)entry["sha256"], Convert.ToHexStringLower(SHA256.HashData(content)));
        }
        Assert.Contains("Schema", others);                     // the input schema, in ML.NET's own form
        Assert.Contains("TransformerChain/Model.key", others); // the decoy that makes a plain Model.Load name LoadGenreModel
        Assert.Equal("ModelZoo", (string?)manifest["metadata"]!["trainedBy"]);
    }

    [SkippableTheory]
    [MemberData(nameof(ModelInteropTests.Kinds), MemberType = typeof(ModelInteropTests))]
    public void SaveLoadSaveLoad_GivesTheSameFileButItsCreationTime_AndTheSamePredictions(string kind)
    {
        var model = zoo.Library(kind);
        var ml = new MLContext();
        var loaded = ml.Model.LoadGenreModel(model.Path, out var schema);
        var again = zoo.Combine("resaved", kind + ".mgmodel");
        ml.Model.SaveGenreModel(loaded, schema, again, GenreModelInfo.Read(model.Path).Metadata);
        using (var first = ZipFile.OpenRead(model.Path))
        using (var second = ZipFile.OpenRead(again))
        {
            Assert.Equal(first.Entries.Select(e => e.FullName), second.Entries.Select(e => e.FullName));
            foreach (var entry in first.Entries.Where(e => !e.FullName.StartsWith("musicgenre/manifest", StringComparison.Ordinal)))
                Assert.True(Read(first, entry.FullName).AsSpan().SequenceEqual(Read(second, entry.FullName)), $"{kind}: entry {entry.FullName} differs");
            Assert.Equal(WithoutCreated(Read(first, "musicgenre/manifest.json")), WithoutCreated(Read(second, "musicgenre/manifest.json")));
        }
        using var predictor = GenrePredictor.Load(again);
        for (int i = 0; i < zoo.Probes.Count; i++) Assert.Equal(model.ProbeScores[i], ModelZoo.Sorted(predictor.Predict(zoo.Probes[i])));
    }

    [Fact]
    public void InfoReadsTheManifestAndVerifiesEveryEntryWithoutBuildingTheModel()
    {
        var path = zoo.Library("crnn").Path;
        var info = GenreModelInfo.Read(path);
        Assert.Equal("crnn", info.Kind);
        Assert.Equal(2, info.FormatVersion);
        Assert.Equal("Path", info.InputColumnName);
        Assert.Equal("zoo", info.Metadata.Dataset);
        Assert.True(info.Created > DateTimeOffset.UtcNow.AddHours(-1));
        Assert.Contains(info.Steps, s => s.Kind == "GenreNetwork" && s.Description.Contains("crnn") && s.Description.Contains("parameters"));
        Assert.Contains(info.Steps, s => s.Kind == "MLNet" && s.LabelOnly);
        using var stream = File.OpenRead(path);
        Assert.Equal(info.Genres, GenreModelInfo.Read(stream).Genres);

        var damaged = Damage(path, "steps/3/network.bin");
        var e = Assert.Throws<GenreModelFormatException>(() => GenreModelInfo.Read(damaged));
        Assert.Equal("steps/3/network.bin", e.Part);
    }

    public static TheoryData<string, string, string, string> Crafted => new()
    {
        // model kind, step kind, option (JSON path under the step's options), crafted value
        { "cnn-lstm", "GenreNetwork", "windowFrames", "2147483647" },
        { "cnn-lstm", "GenreNetwork", "nMels", "-3" },
        { "cnn-lstm", "GenreNetwork", "architecture", "\"resnet-9000\"" },
        { "cnn-lstm", "GenreNetwork", "tensors", """[{ "name": "x", "type": "float32", "shape": [1099511627776] }]""" },
        { "cnn-lstm", "MelSpectrogram", "hopLength", "0" },
        { "cnn-lstm", "LoadAudio", "sampleRate", "47" },
        { "classical", "SummaryFeatures", "sampleRate", "99999999" },
        { "cnn-lstm", "GenreNetwork", "labels", $"[\"{new string('x', 10_000)}\", \"b\", \"c\"]" },
    };

    [Theory]
    [MemberData(nameof(Crafted))]
    public void CraftedNumbersWithValidChecksumsAreRefusedBeforeAnythingIsBuilt(string kind, string step, string option, string value)
    {
        var crafted = Rewrite(zoo.Library(kind).Path, manifest =>
        {
            var target = manifest["steps"]!.AsArray().First(s => (string?)s!["kind"] == step)!;
            target["options"]![option] = JsonNode.Parse(value);
        });
        var e = Assert.Throws<GenreModelFormatException>(() => new MLContext().Model.LoadGenreModel(crafted, out _));
        Assert.Contains(crafted, e.Message);
        Assert.StartsWith("step ", e.Part);
        Assert.Contains(step, e.Part);
        Assert.Throws<GenreModelFormatException>(() => GenreModelInfo.Read(crafted));
    }

    [Fact]
    public void ManifestNumbersOutOfBoundsAreRefused()
    {
        var tooManyGenres = Rewrite(zoo.Library("classical").Path, m => m["genres"] = new JsonArray([.. Enumerable.Range(0, 5000).Select(i => (JsonNode)$"g{i}")]));
        var e = Assert.Throws<GenreModelFormatException>(() => GenreModelInfo.Read(tooManyGenres));
        Assert.Contains("genres has 5000 items", e.Message);
        var unknownStep = Rewrite(zoo.Library("classical").Path, m => m["steps"]![0]!["kind"] = "Format C:");
        Assert.Contains("unknown kind", Assert.Throws<GenreModelFormatException>(() => GenreModelInfo.Read(unknownStep)).Message);
        var extra = zoo.Combine("extra.mgmodel");
        File.Copy(zoo.Library("classical").Path, extra, overwrite: true);
        using (var zip = ZipFile.Open(extra, ZipArchiveMode.Update)) zip.CreateEntry("steps/9/payload.bin");
        Assert.Contains("does not list this entry", Assert.Throws<GenreModelFormatException>(() => GenreModelInfo.Read(extra)).Message);
    }

    [Fact]
    public void AFileOfTheLibrarysFormat1_SaysHowToRecreateIt()
    {
        var old = zoo.Combine("format1.zip");
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable(new[] { new MusicGenre.Cli.Modeling.TrackRow { Path = "a", Label = "b" } });
        ml.Model.Save(ml.Transforms.Conversion.MapValueToKey("Label").Fit(data), data.Schema, old);
        using (var zip = ZipFile.Open(old, ZipArchiveMode.Update))
        using (var writer = new StreamWriter(zip.CreateEntry("MusicGenre/manifest.json").Open()))
            writer.Write("""{"Format":"MusicGenre.GenreModel","Version":1,"Library":"0.1.0.0","Networks":1}""");
        var e = Assert.Throws<GenreModelFormatException>(() => ml.Model.LoadGenreModel(old, out _));
        Assert.Contains("MusicGenre 0.1 in model format 1", e.Message);
        Assert.Contains("musicgenre train", e.Message);
        Assert.Contains("SaveGenreModel", e.Message);
        Assert.Throws<GenreModelFormatException>(() => GenrePredictor.Load(old));
    }

    [Fact]
    public void SavingIsAtomic_AFailedSaveLeavesTheExistingFileAndNoTemporaryFile()
    {
        using var dir = new TempFolder();
        var target = dir.Combine("models", "keep.mgmodel");
        var ml = new MLContext();
        var loaded = ml.Model.LoadGenreModel(zoo.Library("classical").Path, out var schema);
        ml.Model.SaveGenreModel(loaded, schema, target); // creates the folder
        var before = File.ReadAllBytes(target);

        // The chain does not fit this schema (no Path column): nothing is written.
        var wrongSchema = ml.Data.LoadFromEnumerable(new[] { new OtherRow() }).Schema;
        Assert.Throws<ArgumentException>(() => ml.Model.SaveGenreModel(loaded, wrongSchema, target));
        Assert.Equal(before, File.ReadAllBytes(target));
        Assert.Equal([target], Directory.GetFiles(dir.Combine("models")));

        // A successful save replaces it in one rename, leaving no temporary file either.
        ml.Model.SaveGenreModel(loaded, schema, target, new GenreModelMetadata { Dataset = "second" });
        Assert.Equal("second", GenreModelInfo.Read(target).Metadata.Dataset);
        Assert.Equal([target], Directory.GetFiles(dir.Combine("models")));
    }

    [Fact]
    public void StreamOverloadsSaveAndLoadTheSameModel()
    {
        var ml = new MLContext();
        var loaded = ml.Model.LoadGenreModel(zoo.Library("classical").Path, out var schema);
        using var buffer = new MemoryStream();
        ml.Model.SaveGenreModel(loaded, schema, buffer);
        buffer.Position = 0;
        using var predictor = GenrePredictor.Load(buffer);
        Assert.Equal(zoo.Library("classical").ProbeScores[0], ModelZoo.Sorted(predictor.Predict(zoo.Probes[0])));
    }

    public sealed class OtherRow
    {
        public string Other { get; set; } = "";
    }

    private static byte[] Read(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static string WithoutCreated(byte[] manifest)
    {
        var node = JsonNode.Parse(manifest)!.AsObject();
        node.Remove("created");
        return node.ToJsonString();
    }

    /// <summary>A copy of <paramref name="path"/> whose manifest <paramref name="change"/> edits, with its checksum recomputed (a crafted file).</summary>
    private string Rewrite(string path, Action<JsonNode> change)
    {
        var copy = zoo.Combine("crafted", Guid.NewGuid().ToString("N") + ".mgmodel");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.Copy(path, copy);
        using var zip = ZipFile.Open(copy, ZipArchiveMode.Update);
        var manifest = JsonNode.Parse(Read(zip, "musicgenre/manifest.json"))!;
        change(manifest);
        var bytes = Encoding.UTF8.GetBytes(manifest.ToJsonString());
        Replace(zip, "musicgenre/manifest.json", bytes);
        Replace(zip, "musicgenre/manifest.sha256", Encoding.ASCII.GetBytes(Convert.ToHexStringLower(SHA256.HashData(bytes))));
        return copy;
    }

    /// <summary>A copy of <paramref name="path"/> with one byte of <paramref name="entry"/> changed.</summary>
    private string Damage(string path, string entry)
    {
        var copy = zoo.Combine("damaged", Guid.NewGuid().ToString("N") + ".mgmodel");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.Copy(path, copy);
        using var zip = ZipFile.Open(copy, ZipArchiveMode.Update);
        var bytes = Read(zip, entry);
        bytes[bytes.Length / 2] ^= 1;
        Replace(zip, entry, bytes);
        return copy;
    }

    private static void Replace(ZipArchive zip, string name, byte[] content)
    {
        zip.GetEntry(name)!.Delete();
        using var stream = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
        stream.Write(content);
    }
}
