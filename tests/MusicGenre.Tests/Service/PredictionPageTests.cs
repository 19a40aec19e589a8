using Microsoft.Playwright;
using MusicGenre.Tests.TestInfrastructure;
using Xunit.Abstractions;

namespace MusicGenre.Tests.Service;

/// <summary>
/// The page at / in a real headless browser: Debian's chromium driven by Playwright through its executable path
/// (Playwright's own browsers are never downloaded). A GTZAN clip picked with the file input, and GTZAN's original AU
/// dropped on the page, show the genre the in-process predictor gives, its top genres as bars and the genre of every
/// analysis window under the spectrogram (one cell per run of windows of one genre); the page loads nothing from elsewhere and logs no error. A screenshot is
/// kept under tests/MusicGenre.Tests/TestResults/browser/ (or $MUSICGENRE_TEST_RESULTS/browser/).
/// </summary>
[Collection(ServiceLoadCollection.Name)]
[Trait("Category", "Slow")]
public class PredictionPageTests(ServiceModelFixture model, ITestOutputHelper output)
{
    /// <summary>Debian's chromium; override with MUSICGENRE_CHROMIUM.</summary>
    private static readonly string Chromium = Environment.GetEnvironmentVariable("MUSICGENRE_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private static readonly string[] ChromiumArguments =
    [
        "--no-sandbox", // the tests run as root in CI
        "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    public static string ResultsFolder => Path.Combine(
        Environment.GetEnvironmentVariable("MUSICGENRE_TEST_RESULTS") is { Length: > 0 } results ? results : Path.Combine(SharedData.RepoRoot, "tests", "MusicGenre.Tests", "TestResults"),
        "browser");

    [SkippableFact]
    public async Task ThePage_ShowsTheGenreOfAPickedAndADroppedGtzanClip_AsTheInProcessPredictorGivesIt()
    {
        Skip.IfNot(File.Exists(Chromium), $"{Chromium} is absent: apt-get install chromium (.ci/run installs it)");
        var picked = SharedData.GtzanClip("jazz.00001");
        var dropped = SharedData.GtzanClip("jazz.00003"); // GTZAN's original .au
        await using var host = await ServiceHost.KestrelAsync(model.ModelPath);
        var origin = host.BaseAddress.GetLeftPart(UriPartial.Authority);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium, Headless = true, Args = ChromiumArguments, Timeout = 60_000,
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1200, Height = 1000 } });
        var problems = new List<string>();
        page.Console += (_, message) => { if (message.Type is "error" or "warning") problems.Add($"console {message.Type}: {message.Text}"); };
        page.PageError += (_, error) => problems.Add("page error: " + error);
        page.Request += (_, request) => { if (!request.Url.StartsWith(origin, StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal)) problems.Add("foreign request: " + request.Url); };

        await page.GotoAsync(origin + "/");
        await Assertions.Expect(page.Locator("#model")).ToContainTextAsync("cnn-lstm (service.mgmodel), 3 genres");

        await page.Locator("#file").SetInputFilesAsync(picked);
        await CheckShown(page, picked);
        Directory.CreateDirectory(ResultsFolder);
        var screenshot = Path.Combine(ResultsFolder, "predict-page.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        output.WriteLine("screenshot: " + screenshot);

        // Drop: a DataTransfer holding the file, dispatched on the drop zone as a browser does.
        var bytes = Convert.ToBase64String(File.ReadAllBytes(dropped));
        var transfer = await page.EvaluateHandleAsync(
            "([name, base64]) => { const t = new DataTransfer(); t.items.add(new File([Uint8Array.from(atob(base64), c => c.charCodeAt(0))], name)); return t; }",
            new[] { Path.GetFileName(dropped), bytes });
        await page.DispatchEventAsync("#drop", "drop", new Dictionary<string, object> { ["dataTransfer"] = transfer });
        await CheckShown(page, dropped);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ResultsFolder, "predict-page-dropped-au.png"), FullPage = true });

        Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot is nearly empty");
        Assert.Empty(problems);
    }

    private async Task CheckShown(IPage page, string clip)
    {
        var expected = model.Expected(clip);
        await page.WaitForFunctionAsync("name => document.body.dataset.state !== 'busy' && document.getElementById('status').textContent.startsWith(name)",
            Path.GetFileName(clip), new PageWaitForFunctionOptions { Timeout = 90_000 });
        Assert.Equal("done", await page.EvaluateAsync<string>("document.body.dataset.state"));
        Assert.Equal(expected.Genre, await page.Locator("#genre").TextContentAsync());
        Assert.Equal(expected.Scores.Take(5).Select(s => s.Genre), await page.Locator("#bars .name").AllTextContentsAsync());
        // One timeline cell per run of windows of one genre, covering every window.
        var runs = new List<(string Genre, int Windows)>();
        foreach (var window in expected.Timeline!)
        {
            if (runs.Count > 0 && runs[^1].Genre == window.Genre) runs[^1] = (window.Genre, runs[^1].Windows + 1);
            else runs.Add((window.Genre, 1));
        }
        Assert.Equal(runs.Select(r => r.Genre), await page.Locator("#timeline .window").AllTextContentsAsync());
        Assert.Equal(runs.Select(r => r.Windows.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            await page.Locator("#timeline .window").EvaluateAllAsync<string[]>("cells => cells.map(c => c.dataset.windows)"));
        Assert.Equal(64, await page.EvaluateAsync<int>("document.getElementById('spectrogram').height"));
        Assert.True(await page.EvaluateAsync<int>("document.getElementById('spectrogram').width") > 1000);
        output.WriteLine($"{Path.GetFileName(clip)}: the page shows {expected.Genre}, as the in-process predictor does");
    }
}
