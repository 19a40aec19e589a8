using MusicGenre.Cli;
using MusicGenre.MLNet.Persistence;
using MusicGenre.Tests.TestInfrastructure;

namespace MusicGenre.Tests.Cli;

/// <summary><c>--test-fraction 0</c> (and <c>--valid-fraction 0</c>) trains on everything; too small a fraction never reaches an empty evaluation.</summary>
public class CliTrainOnEverythingTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("0.01")]
    public async Task TrainWithNoTestTracks_TrainsADeployableModelOnEveryTrack_AndSaysItIsNotEvaluated(string testFraction)
    {
        using var dir = new TempFolder();
        var data = CliTestData.Write(dir, classes: 3, clips: 3, seconds: 1.0);
        var model = dir.Combine("all.mgmodel");
        var (code, output) = await CliRunner.Run("train", "--data", data, "--model", "classical", "--test-fraction", testFraction, "--valid-fraction", "0",
            "--no-cache", "--out", model, "--report", dir.Combine("report"));
        Assert.True(code == ExitCodes.Ok, output);
        Assert.Contains("not evaluated", output);
        Assert.DoesNotContain("None of the", output);
        var info = GenreModelInfo.Read(model);
        Assert.Equal(9, info.Metadata.Metrics[GenreModelMetadata.TrainingTracks]);
        Assert.False(info.Metadata.Metrics.ContainsKey(GenreModelMetadata.TestAccuracy));
        Assert.Contains("test tracks: 0", File.ReadAllText(dir.Combine("report", "report.md")));

        var clip = Directory.GetFiles(data, "*.wav", SearchOption.AllDirectories)[0];
        var (pcode, poutput) = await CliRunner.Run("predict", model, clip);
        Assert.True(pcode == ExitCodes.Ok, poutput);
    }

    [Fact]
    public async Task AClassicalModelOnLightGbm_SavesAndLoadsLikeEveryOther()
    {
        using var dir = new TempFolder();
        var data = CliTestData.Write(dir, classes: 3, clips: 4, seconds: 1.0);
        var model = dir.Combine("lgbm.mgmodel");
        var (code, output) = await CliRunner.Run("train", "--data", data, "--model", "classical", "--classical-trainer", "lightgbm",
            "--test-fraction", "0", "--valid-fraction", "0", "--no-cache", "--out", model, "--report", dir.Combine("report"));
        Assert.True(code == ExitCodes.Ok, output);
        var info = GenreModelInfo.Read(model);
        Assert.Equal(GenreModelKinds.Classical, info.Kind);
        Assert.Equal("LightGbm", info.Metadata.Settings["trainer"]);
        using var predictor = GenrePredictor.Load(model);
        var clip = Directory.GetFiles(data, "*.wav", SearchOption.AllDirectories)[0];
        Assert.Equal(1f, predictor.Predict(clip).Scores.Sum(s => s.Probability), 4);
    }

    [Fact]
    public async Task CompareWithoutTestTracks_SaysWhatToChange()
    {
        using var dir = new TempFolder();
        var data = CliTestData.Write(dir, classes: 2, clips: 2, seconds: 0.5);
        var (code, output) = await CliRunner.Run("compare", "--data", data, "--models", "classical", "--test-fraction", "0", "--valid-fraction", "0",
            "--no-cache", "--report", dir.Combine("r"));
        Assert.Equal(ExitCodes.Error, code);
        Assert.Contains("no test tracks", output);
        Assert.Contains("--test-fraction", output);
    }
}
