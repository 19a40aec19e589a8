using System.IO.Compression;
using System.Text.Json;
using MusicGenre.Cli;
using MusicGenre.Tests.TestInfrastructure;

namespace MusicGenre.Tests.Cli;

public class CliWorkflowTests
{
    [Fact]
    public async Task Classical_TrainPredictInfo_AndPredictListsUnreadableFilesWithANonZeroExit()
    {
        using var dir = new TempFolder();
        var data = CliTestData.Write(dir, classes: 3, clips: 6, seconds: 1.0);
        var model = dir.Combine("out", "classical.mgmodel");
        var (code, output) = await CliRunner.Run("train", "--data", data, "--model", "classical", "--test-fraction", "0.34", "--valid-fraction", "0",
            "--no-cache", "--out", model, "--report", dir.Combine("report"));
        Assert.True(code == ExitCodes.Ok, output);
        Assert.True(File.Exists(model));
        Assert.True(File.Exists(dir.Combine("report", "report.md")));
        Assert.True(File.Exists(dir.Combine("report", "metrics.json")));
        Assert.True(File.Exists(dir.Combine("report", "confusion_matrix.png")));

        // A folder with good clips, a corrupt one and a text file named .wav, searched recursively.
        var inputs = dir.Combine("inputs");
        Directory.CreateDirectory(Path.Combine(inputs, "sub"));
        var good = Directory.GetFiles(data, "*.wav", SearchOption.AllDirectories).Take(2).ToList();
        File.Copy(good[0], Path.Combine(inputs, "a.wav"));
        File.Copy(good[1], Path.Combine(inputs, "sub", "b.wav"));
        File.WriteAllText(Path.Combine(inputs, "sub", "broken.wav"), "this is not audio");
        var (pcode, poutput) = await CliRunner.Run("predict", model, inputs, "--top", "2", "--no-cache");
        Assert.Equal(ExitCodes.SomeFailed, pcode);
        Assert.Contains("a.wav", poutput);
        Assert.Contains("b.wav", poutput);
        Assert.Contains("1 file(s) could not be classified", poutput);
        Assert.Contains("broken.wav", poutput);

        var (jcode, json, _) = await CliRunner.RunApart("predict", model, Path.Combine(inputs, "a.wav"), dir.Combine("nope.wav"), "--json", "--no-cache");
        Assert.Equal(ExitCodes.SomeFailed, jcode);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(1, doc.RootElement.GetProperty("predictions").GetArrayLength());
        Assert.Equal(3, doc.RootElement.GetProperty("predictions")[0].GetProperty("top").GetArrayLength()); // --top defaults to 3
        Assert.Contains("nope.wav", doc.RootElement.GetProperty("failures")[0].GetProperty("path").GetString());

        var (ccode, csv) = await CliRunner.Run("predict", model, Path.Combine(inputs, "a.wav"), "--csv", "--no-cache");
        Assert.Equal(ExitCodes.Ok, ccode);
        Assert.StartsWith("path,genre,genre1,p1,genre2,p2", csv);

        var (icode, info) = await CliRunner.Run("info", model);
        Assert.Equal(ExitCodes.Ok, icode);
        Assert.Contains("classical", info);
        Assert.Contains("SdcaMaximumEntropy", info);
    }

    [Fact]
    public async Task FaultFilteredSplit_FindsTheListsInTheDatasetsSplitsFolder_AsDownloadGtzanLeavesThem()
    {
        using var dir = new TempFolder();
        var genres = CliTestData.Write(dir, classes: 3, clips: 6, seconds: 1.0, name: Path.Combine("gtzan", "genres"));
        var lists = dir.Combine("gtzan", "splits");
        Directory.CreateDirectory(lists);
        var parts = new Dictionary<string, List<string>> { ["train"] = [], ["valid"] = [], ["test"] = [] };
        foreach (var genre in Directory.GetDirectories(genres).Order())
        {
            var files = Directory.GetFiles(genre, "*.wav").Order().Select(f => $"{Path.GetFileName(genre)}/{Path.GetFileName(f)}").ToList();
            parts["train"].AddRange(files.Take(4));
            parts["valid"].Add(files[4]);
            parts["test"].Add(files[5]);
        }
        foreach (var (part, entries) in parts) File.WriteAllLines(Path.Combine(lists, $"{part}_filtered.txt"), entries);

        var (code, output) = await CliRunner.Run("train", "--data", dir.Combine("gtzan"), "--model", "classical", "--split", "fault-filtered",
            "--no-cache", "--out", dir.Combine("m.mgmodel"), "--report", dir.Combine("report"));

        Assert.True(code == ExitCodes.Ok, output);
        var report = File.ReadAllText(dir.Combine("report", "report.md"));
        Assert.Contains("fault-filtered", report);
        Assert.Contains("test tracks: 3", report);
    }

    [Fact]
    public async Task ModelsFromOtherVersions_AreRejectedClearly_WithHowToRecreateThem()
    {
        using var dir = new TempFolder();
        // A newer format: a manifest with a valid checksum that says version 99.
        var future = dir.Combine("future.mgmodel");
        var manifest = System.Text.Encoding.UTF8.GetBytes("""{ "format": "musicgenre-model", "version": 99, "library": "9.0.0" }""");
        using (var zip = ZipFile.Open(future, ZipArchiveMode.Create))
        {
            using (var stream = zip.CreateEntry("musicgenre/manifest.json").Open()) stream.Write(manifest);
            using (var writer = new StreamWriter(zip.CreateEntry("musicgenre/manifest.sha256").Open()))
                writer.Write(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(manifest)));
        }
        var (code, output) = await CliRunner.Run("info", future);
        Assert.Equal(ExitCodes.Error, code);
        Assert.Contains("model format 99, written by MusicGenre 9.0.0", output);
        var (pcode, poutput) = await CliRunner.Run("predict", future, future);
        Assert.Equal(ExitCodes.Error, pcode);
        Assert.Contains("Use a newer MusicGenre", poutput);

        // The CLI's own format 1 (musicgenre/model.json) and the library's (MusicGenre/manifest.json).
        foreach (var entry in new[] { "musicgenre/model.json", "MusicGenre/manifest.json" })
        {
            var old = dir.Combine(entry.Replace('/', '-') + ".mgmodel");
            using (var zip = ZipFile.Open(old, ZipArchiveMode.Create))
            using (var writer = new StreamWriter(zip.CreateEntry(entry).Open()))
                writer.Write("""{ "format": "musicgenre-model", "format_version": 1, "kind": "cnn-lstm", "labels": ["a", "b"] }""");
            var (ocode, ooutput) = await CliRunner.Run("predict", old, old);
            Assert.Equal(ExitCodes.Error, ocode);
            Assert.Contains("written by MusicGenre 0.1 in model format 1", ooutput);
            Assert.Contains("musicgenre train", ooutput);
            Assert.Contains("SaveGenreModel", ooutput);
        }
    }

    [Fact]
    public async Task Features_SecondRunIsServedFromTheCache()
    {
        using var dir = new TempFolder();
        var data = CliTestData.Write(dir, classes: 2, clips: 2, seconds: 0.5);
        var cache = dir.Combine("cache");
        var (code1, out1) = await CliRunner.Run("features", "--data", data, "--cache", cache);
        Assert.True(code1 == ExitCodes.Ok, out1);
        Assert.Contains("0 from the cache, 4 decoded", out1);
        var (code2, out2) = await CliRunner.Run("features", "--data", data, "--cache", cache);
        Assert.Equal(ExitCodes.Ok, code2);
        Assert.Contains("4 from the cache, 0 decoded", out2);
    }

    [Fact]
    public async Task Neural_TrainThenPredictWindows_AndInfo()
    {
        using var dir = new TempFolder();
        var data = CliTestData.Write(dir, classes: 3, clips: 3, seconds: 4.5);
        var model = dir.Combine("crnn.mgmodel");
        var (code, output) = await CliRunner.Run("train", "--data", data, "--model", "crnn", "--epochs", "1", "--batch-size", "4",
            "--test-fraction", "0.34", "--valid-fraction", "0", "--cache", dir.Combine("cache"), "--out", model, "--report", dir.Combine("r"), "--device", "cpu");
        Assert.True(code == ExitCodes.Ok, output);
        Assert.Contains("crnn epoch   1/1", output);
        Assert.True(File.Exists(dir.Combine("r", "training_curves.png")));
        Assert.NotEmpty(Directory.GetFiles(dir.Combine("r"), "timeline_*.png"));

        var clip = Directory.GetFiles(data, "*.wav", SearchOption.AllDirectories)[0];
        var (pcode, json) = await CliRunner.Run("predict", model, clip, "--windows", "--json", "--cache", dir.Combine("cache"));
        Assert.True(pcode == ExitCodes.Ok, json);
        using var doc = JsonDocument.Parse(json);
        var windows = doc.RootElement.GetProperty("predictions")[0].GetProperty("windows");
        Assert.True(windows.GetArrayLength() >= 1);

        var (icode, info) = await CliRunner.Run("info", model);
        Assert.Equal(ExitCodes.Ok, icode);
        Assert.Contains("crnn", info);
        Assert.Contains("parameters", info);
    }

    [Fact]
    public async Task CompareWithSeeds_AndEvaluate_WriteTablesAndPlots()
    {
        using var dir = new TempFolder();
        var data = CliTestData.Write(dir, classes: 3, clips: 5, seconds: 0.8);
        var report = dir.Combine("compare");
        var (code, output) = await CliRunner.Run("compare", "--data", data, "--models", "classical", "--seeds", "2", "--valid-fraction", "0",
            "--test-fraction", "0.4", "--cache", dir.Combine("cache"), "--report", report);
        Assert.True(code == ExitCodes.Ok, output);
        Assert.Contains("seed 1 classical", output);
        Assert.Contains("seed 2 classical", output);
        Assert.Matches(@"classical\s*│\s*\d+\.\d ± \d+\.\d %\s*│\s*2", output);
        Assert.True(File.Exists(Path.Combine(report, "accuracy_comparison.png")));
        Assert.True(File.Exists(Path.Combine(report, "classical", "report.md")));
        Assert.True(File.Exists(Path.Combine(report, "classical", "classical.mgmodel")));
        Assert.True(File.Exists(Path.Combine(report, "runs.json")));

        // The same command again resumes: both runs are already done, nothing is retrained, same table.
        var (rcode, resumed) = await CliRunner.Run("compare", "--data", data, "--models", "classical", "--seeds", "2", "--valid-fraction", "0",
            "--test-fraction", "0.4", "--cache", dir.Combine("cache"), "--report", report);
        Assert.True(rcode == ExitCodes.Ok, resumed);
        Assert.Contains("Resuming: 2 finished run(s)", resumed);
        Assert.DoesNotContain("seed 1 classical", resumed);
        Assert.Equal(System.Text.RegularExpressions.Regex.Match(output, @"classical\s*│[^│]*│").Value, System.Text.RegularExpressions.Regex.Match(resumed, @"classical\s*│[^│]*│").Value);

        var model = dir.Combine("m.mgmodel");
        var (tcode, toutput) = await CliRunner.Run("train", "--data", data, "--model", "classical", "--valid-fraction", "0", "--test-fraction", "0.4",
            "--cache", dir.Combine("cache"), "--out", model, "--report", dir.Combine("train"));
        Assert.True(tcode == ExitCodes.Ok, toutput);
        var (ecode, eoutput) = await CliRunner.Run("evaluate", model, "--data", data, "--cache", dir.Combine("cache"), "--report", dir.Combine("eval"));
        Assert.True(ecode == ExitCodes.Ok, eoutput);
        Assert.Contains("over 15 test tracks", eoutput);
        using var metrics = JsonDocument.Parse(File.ReadAllText(dir.Combine("eval", "metrics.json")));
        Assert.Equal(15, metrics.RootElement.GetProperty("track").GetProperty("count").GetInt64());
    }

    [Fact]
    public async Task KFoldTraining_ReportsMeanAndStd_AndResumesFromItsJournal()
    {
        using var dir = new TempFolder();
        var data = CliTestData.Write(dir, classes: 3, clips: 6, seconds: 0.8);
        var report = dir.Combine("kfold");
        string[] args = ["train", "--data", data, "--model", "classical", "--split", "kfold:3", "--valid-fraction", "0", "--cache", dir.Combine("cache"), "--report", report];
        var (code, output) = await CliRunner.Run(args);
        Assert.True(code == ExitCodes.Ok, output);
        Assert.Matches(@"Across 3 folds: track accuracy \d+\.\d ± \d+\.\d %", output);
        Assert.True(File.Exists(Path.Combine(report, "classical.mgmodel")));
        using (var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(report, "metrics.json"))))
            Assert.Equal(3, metrics.RootElement.GetProperty("comparison")[0].GetProperty("runs").GetInt32());

        var (again, resumed) = await CliRunner.Run(args);
        Assert.Equal(ExitCodes.Ok, again);
        Assert.Contains("Resuming: 3 finished fold(s)", resumed);
        Assert.Contains("All 3 folds were already done", resumed);
    }

    [Fact]
    public async Task Demo_RunsEndToEnd_OnTinySettings()
    {
        using var dir = new TempFolder();
        var (code, output) = await CliRunner.Run("demo", "--out", dir.Path, "--clips-per-genre", "4", "--seconds", "4.1", "--epochs", "1", "--model", "crnn", "--device", "cpu");
        Assert.True(code == ExitCodes.Ok, output);
        Assert.Contains("synthetic", output);
        Assert.Contains("musicgenre download gtzan", output);
        foreach (var file in new[] { "report.md", "metrics.json", "confusion_matrix.png", "training_curves.png", "accuracy_comparison.png" })
            Assert.True(File.Exists(Path.Combine(dir.Path, "report", file)), file);
        Assert.True(File.Exists(Path.Combine(dir.Path, "crnn.mgmodel")));
        Assert.Equal(4, Directory.GetFiles(Path.Combine(dir.Path, "new-clips")).Length);
    }
}
