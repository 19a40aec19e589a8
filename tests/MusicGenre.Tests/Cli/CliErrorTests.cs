using MusicGenre.Cli;
using MusicGenre.Tests.TestInfrastructure;

namespace MusicGenre.Tests.Cli;

public class CliErrorTests
{
    [Fact]
    public async Task Train_OnOneGenre_GivesTheClearError()
    {
        using var dir = new TempFolder();
        var data = CliTestData.Write(dir, classes: 1, clips: 3, seconds: 0.5);
        var (code, output) = await CliRunner.Run("train", "--data", data, "--model", "classical", "--no-cache", "--report", dir.Combine("r"));
        Assert.Equal(ExitCodes.Error, code);
        Assert.Contains("only one genre", output);
    }

    [Fact]
    public async Task Train_WithAGenreOfOneTrack_NamesIt()
    {
        using var dir = new TempFolder();
        var data = CliTestData.Write(dir, classes: 2, clips: 3, seconds: 0.5);
        foreach (var extra in Directory.GetFiles(Directory.GetDirectories(data)[1]).Skip(1)) File.Delete(extra);
        var (code, output) = await CliRunner.Run("train", "--data", data, "--model", "classical", "--no-cache", "--report", dir.Combine("r"));
        Assert.Equal(ExitCodes.Error, code);
        Assert.Contains("has 1", output);
    }

    [Fact]
    public async Task Train_OnAMissingFolder_SaysSo()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-" + Guid.NewGuid());
        var (code, output) = await CliRunner.Run("train", "--data", missing, "--model", "classical");
        Assert.Equal(ExitCodes.Error, code);
        Assert.Contains("dataset folder not found", output);
    }

    [Fact]
    public async Task Train_OnAnEmptyFolder_SaysTheDatasetIsEmpty()
    {
        using var dir = new TempFolder();
        dir.Text("rock/readme.txt", "x");
        var (code, output) = await CliRunner.Run("train", "--data", dir.Path, "--model", "classical");
        Assert.Equal(ExitCodes.Error, code);
        Assert.Contains("empty", output);
    }

    [Fact]
    public async Task UnknownModelName_IsAUsageErrorListingTheKnownOnes()
    {
        using var dir = new TempFolder();
        var data = CliTestData.Write(dir, classes: 2, clips: 2, seconds: 0.5);
        var (code, output) = await CliRunner.Run("train", "--data", data, "--model", "resnet");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("Unknown model 'resnet'", output);
        Assert.Contains("cnn-lstm, cnn-gru, crnn, classical", output);
    }

    [Fact]
    public async Task BadSplit_AndUnknownOption_AreUsageErrors()
    {
        Assert.Equal(ExitCodes.Usage, (await CliRunner.Run("train", "--data", "x", "--split", "kfold:1")).ExitCode);
        Assert.Equal(ExitCodes.Usage, (await CliRunner.Run("train", "--data", "x", "--frobnicate")).ExitCode);
        var (code, output) = await CliRunner.Run("train", "--data", "x", "--split", "fault-filtered");
        Assert.NotEqual(ExitCodes.Ok, code);
    }

    [Fact]
    public async Task Info_OnAFileThatIsNotAModel_SaysSo()
    {
        using var dir = new TempFolder();
        var notAModel = dir.Text("model.mgmodel", "hello");
        var (code, output) = await CliRunner.Run("info", notAModel);
        Assert.Equal(ExitCodes.Error, code);
        Assert.Contains("is not a usable MusicGenre model", output);
        Assert.Contains("not a zip archive", output);
        var (code2, output2) = await CliRunner.Run("info", dir.Combine("missing.mgmodel"));
        Assert.Equal(ExitCodes.Error, code2);
        Assert.Contains("model file not found", output2);
    }

    [Fact]
    public async Task Download_WhenOffline_FailsWithAClearMessage()
    {
        using var dir = new TempFolder();
        var port = MusicGenre.Tests.Datasets.LocalHttpServer.FreePort();
        var (code, output) = await CliRunner.Run("download", "gtzan", "--to", dir.Combine("g"), "--url", $"http://127.0.0.1:{port}/genres.tar.gz");
        Assert.Equal(ExitCodes.Error, code);
        Assert.Contains("offline", output);
    }

    [Fact]
    public async Task Download_WithAnArchiveWhoseMd5IsWrong_RefusesToExtract()
    {
        using var dir = new TempFolder();
        var archive = dir.Text("genres.tar.gz", "not gtzan");
        var (code, output) = await CliRunner.Run("download", "gtzan", "--to", dir.Combine("g"), "--archive", archive);
        Assert.Equal(ExitCodes.Error, code);
        Assert.Contains("MD5", output);
        Assert.False(Directory.Exists(dir.Combine("g", "genres")));
    }
}
