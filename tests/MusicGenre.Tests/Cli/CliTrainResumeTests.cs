using System.Text.Json;
using MusicGenre.Cli;
using MusicGenre.Tests.TestInfrastructure;
using Spectre.Console;

namespace MusicGenre.Tests.Cli;

/// <summary><c>train</c> interrupted after an epoch keeps the best model and a checkpoint; the same command resumes from it.</summary>
public class CliTrainResumeTests
{
    /// <summary>Captures output and cancels the command once a given text has been written (as Ctrl-C would).</summary>
    private sealed class CancellingWriter(string trigger, CancellationTokenSource cancellation) : StringWriter
    {
        public override void Write(string? value)
        {
            base.Write(value);
            if (value is not null && value.Contains(trigger, StringComparison.Ordinal)) cancellation.Cancel();
        }
    }

    [Fact]
    public async Task InterruptedTrainingSavesTheModelAndResumesFromItsCheckpointWithTheWholeHistory()
    {
        using var dir = new TempFolder();
        var data = CliTestData.Write(dir, classes: 3, clips: 3, seconds: 4.5);
        string[] args = ["train", "--data", data, "--model", "cnn-lstm", "--epochs", "6", "--batch-size", "4", "--test-fraction", "0.34",
            "--valid-fraction", "0", "--cache", dir.Combine("cache"), "--report", dir.Combine("r"), "--device", "cpu"];

        using var cancellation = new CancellationTokenSource();
        var writer = new CancellingWriter("epoch   1/6", cancellation);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No, Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 400;
        var code = await CliApp.RunAsync(args, console, cancellation.Token);
        var output = writer.ToString();
        Assert.True(code == ExitCodes.Cancelled, output);
        Assert.Contains("Interrupted after epoch", output);
        Assert.Contains("--report " + dir.Combine("r"), output);
        Assert.True(File.Exists(dir.Combine("r", "cnn-lstm.mgmodel")), output);
        Assert.True(File.Exists(dir.Combine("r", "checkpoints", "run", "checkpoint.json")), output);

        var (resumedCode, resumed) = await CliRunner.Run(args);
        Assert.True(resumedCode == ExitCodes.Ok, resumed);
        Assert.Contains("Resuming training from the checkpoint", resumed);
        Assert.DoesNotContain("epoch   1/6", resumed);
        Assert.Contains("epoch   6/6", resumed);
        Assert.False(Directory.Exists(dir.Combine("r", "checkpoints")));
        using var metrics = JsonDocument.Parse(File.ReadAllText(dir.Combine("r", "metrics.json")));
        var epochs = metrics.RootElement.GetProperty("history").EnumerateArray().Select(e => e.GetProperty("epoch").GetInt32()).ToArray();
        Assert.Equal(Enumerable.Range(1, 6), epochs);
    }
}
