using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using MusicGenre.Cli;
using MusicGenre.Tests.Service;
using Spectre.Console;

namespace MusicGenre.Tests.Cli;

/// <summary><c>musicgenre serve</c>: serves the model on Kestrel until Ctrl-C (in process: the command's token) or SIGTERM (a child process), and refuses bad options.</summary>
public partial class CliServeTests(ServiceModelFixture model) : IClassFixture<ServiceModelFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Serve_AnswersOnTheAddressItPrints_AndCtrlCStopsItCleanly()
    {
        var output = new SharedWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No, Out = new AnsiConsoleOutput(output) });
        console.Profile.Width = 400;
        using var ctrlC = new CancellationTokenSource();
        var run = CliApp.RunAsync(["serve", "--model", model.ModelPath, "--port", "0", "--max-upload-mb", "2", "--concurrency", "1"], console, ctrlC.Token);
        var url = await WaitForUrl(() => output.Text, run);
        Assert.Contains("Serving the cnn-lstm model (3 genres)", output.Text);
        Assert.Contains("at most 1 predictions at once", output.Text);

        using var client = new HttpClient { BaseAddress = new Uri(url) };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        using var predict = await client.PostAsync("/v1/predict", TestUploads.Raw(File.ReadAllBytes(model.Probes[0])));
        PredictionAssert.Equal(model.Expected(model.Probes[0]), await PredictionAssert.ReadAsync(predict));
        using var tooLarge = await client.PostAsync("/v1/predict", TestUploads.Raw(new byte[(2 << 20) + 1]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);

        ctrlC.Cancel();
        Assert.Equal(ExitCodes.Ok, await run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.EndsWith("Stopped.", output.Text.TrimEnd());
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetAsync("/healthz"));
    }

    [Fact]
    public async Task Serve_InAChildProcess_StopsOnSigterm_WithExitCode0()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "sends a POSIX signal");
        var cli = Path.Combine(AppContext.BaseDirectory, "MusicGenre.Cli.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { cli, "serve", "--model", model.ModelPath, "--port", "0", "--host", "localhost" }) start.ArgumentList.Add(arg);
        using var child = Process.Start(start)!;
        var output = new StringBuilder();
        var errors = child.StandardError.ReadToEndAsync();
        var reading = Task.Run(async () =>
        {
            while (await child.StandardOutput.ReadLineAsync() is { } line)
                lock (output) output.AppendLine(line);
        });
        try
        {
            var url = await WaitForUrl(() => { lock (output) return output.ToString(); }, child.WaitForExitAsync());
            using var client = new HttpClient { BaseAddress = new Uri(url) };
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);

            using (var kill = Process.Start("kill", ["-TERM", child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await child.WaitForExitAsync(patience.Token);
            await reading;
            Assert.True(child.ExitCode == ExitCodes.Ok, $"exit code {child.ExitCode}\n{output}\n{await errors}");
            Assert.Contains("Stopped.", output.ToString());
        }
        finally
        {
            if (!child.HasExited) child.Kill(entireProcessTree: true);
        }
    }

    [Theory]
    [InlineData(ExitCodes.Usage, "--port must be 0..65535", "--port", "70000")]
    [InlineData(ExitCodes.Usage, "MaxUploadMegabytes must be 1..2047", "--max-upload-mb", "0")]
    [InlineData(ExitCodes.Usage, "Concurrency must be null or 1..1024", "--concurrency", "0")]
    [InlineData(ExitCodes.Usage, "--host must be an IP address", "--host", "not a host")]
    [InlineData(ExitCodes.Usage, "--timeout must be more than 0", "--timeout", "0")]
    public async Task Serve_RefusesBadOptions_BeforeLoadingAnything(int exitCode, string message, params string[] options)
    {
        var (code, output) = await CliRunner.Run(["serve", "--model", model.ModelPath, .. options]);
        Assert.Equal(exitCode, code);
        Assert.Contains(message, output);
    }

    [Fact]
    public async Task Serve_SaysWhatIsWrongWithAMissingModel()
    {
        var (code, output) = await CliRunner.Run("serve", "--model", model.Folder.Combine("nothing.mgmodel"));
        Assert.Equal(ExitCodes.Error, code);
        Assert.Contains("model file not found", output);
        var (usage, help) = await CliRunner.Run("serve");
        Assert.Equal(ExitCodes.Usage, usage);
        Assert.Contains("--model", help);
    }

    private static async Task<string> WaitForUrl(Func<string> output, Task running)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < Patience)
        {
            if (ListeningOn().Match(output()) is { Success: true } match) return match.Groups[1].Value;
            if (running.IsCompleted) Assert.Fail("serve ended before listening:\n" + output());
            await Task.Delay(50);
        }
        Assert.Fail("serve printed no address within 90 s:\n" + output());
        return "";
    }

    [GeneratedRegex(@"Listening on (http://[^\s]+)")]
    private static partial Regex ListeningOn();

    /// <summary>A text writer that may be read while the command writes to it.</summary>
    private sealed class SharedWriter : StringWriter
    {
        private readonly Lock gate = new();

        public string Text
        {
            get
            {
                lock (gate) return ToString();
            }
        }

        public override void Write(char value)
        {
            lock (gate) base.Write(value);
        }

        public override void Write(string? value)
        {
            lock (gate) base.Write(value);
        }

        public override void Write(char[] buffer, int index, int count)
        {
            lock (gate) base.Write(buffer, index, count);
        }
    }
}
