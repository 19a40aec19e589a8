using System.Text.Json;
using MusicGenre.Cli;
using MusicGenre.Tests.TestInfrastructure;

namespace MusicGenre.Tests.Cli;

/// <summary><c>musicgenre tag</c> in-process on real clips with the real weights from ../shared.</summary>
public class CliTagTests
{
    [SkippableFact]
    public async Task Tag_WritesTopTagsTimelineAndFailures_AsJsonCsvAndTable()
    {
        var weights = SharedData.Musicnn("MSD_musicnn.h5");
        var jazz = SharedData.GtzanClip("jazz.00005");
        using var dir = new TempFolder();
        var broken = dir.Text("broken.wav", "not audio");

        var (code, json, errors) = await CliRunner.RunApart("tag", jazz, broken, "--top", "3", "--timeline", "--json", "--musicnn-weights", weights);
        Assert.True(code == ExitCodes.SomeFailed, json + errors);
        Assert.Contains("could not be tagged", errors);
        Assert.Contains(broken, errors);
        using var doc = JsonDocument.Parse(json);
        var tagged = doc.RootElement.GetProperty("tags").EnumerateArray().Single();
        Assert.Equal(jazz, tagged.GetProperty("path").GetString());
        var top = tagged.GetProperty("top").EnumerateArray().ToList();
        Assert.Equal(3, top.Count);
        Assert.Equal("jazz", top[0].GetProperty("tag").GetString());
        Assert.True(top[0].GetProperty("score").GetDouble() >= top[1].GetProperty("score").GetDouble());
        var timeline = tagged.GetProperty("timeline").EnumerateArray().ToList();
        Assert.Equal(10, timeline.Count); // 30 s: ten 3 s patches
        Assert.Equal(0, timeline[0].GetProperty("start_s").GetDouble());
        Assert.Equal(3, timeline[0].GetProperty("top").GetArrayLength());
        var failure = doc.RootElement.GetProperty("failures").EnumerateArray().Single();
        Assert.Equal(broken, failure.GetProperty("path").GetString());
        Assert.Contains("ISC", doc.RootElement.GetProperty("weights_license").GetString());

        var (ccode, csv, cerrors) = await CliRunner.RunApart("tag", jazz, "--top", "2", "--csv", "--musicnn-weights", weights);
        Assert.True(ccode == ExitCodes.Ok, csv + cerrors);
        Assert.Contains("ISC licence", cerrors); // standard output holds only the CSV
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("path,tag1,score1,tag2,score2", lines[0]);
        Assert.StartsWith($"{jazz},jazz,", lines[1]);
        Assert.Equal(2, lines.Length);

        var (tcode, table) = await CliRunner.Run("tag", Path.GetDirectoryName(jazz)!, "--top", "1", "--musicnn-weights", weights);
        Assert.True(tcode == ExitCodes.Ok, table);
        Assert.Contains("ISC licence", table);
        Assert.Contains("jazz.00005.wav", table);
        Assert.Contains("jazz.00003.au", table); // the folder is searched, every format
    }

    [Fact]
    public async Task Tag_RejectsBadOptions()
    {
        var (code, output) = await CliRunner.Run("tag", "x.wav", "--json", "--csv");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--json and --csv", output);
        (code, output) = await CliRunner.Run("tag", "x.wav", "--top", "0");
        Assert.Equal(ExitCodes.Usage, code);
    }
}
