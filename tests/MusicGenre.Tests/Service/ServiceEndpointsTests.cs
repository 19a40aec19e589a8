using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using MusicGenre.AspNetCore;
using MusicGenre.AspNetCore.Contracts;
using MusicGenre.MLNet.Persistence;

namespace MusicGenre.Tests.Service;

/// <summary>GET /v1/model, /healthz, /metrics and the page's files, in memory; how the services are added and mapped.</summary>
public class ServiceEndpointsTests(ServiceModelFixture model) : IClassFixture<ServiceModelFixture>
{
    [Fact]
    public async Task TheModelEndpoint_SaysWhatMusicgenreInfoSays()
    {
        await using var host = await ServiceHost.InMemoryAsync(model.ModelPath);
        var info = GenreModelInfo.Read(model.ModelPath);
        var answer = (await host.Client.GetFromJsonAsync<GenreModelResponse>("/v1/model"))!;
        Assert.Equal("service.mgmodel", answer.File); // the name only: the server's folders stay private
        Assert.Equal(info.Kind, answer.Kind);
        Assert.Equal(info.Genres, answer.Genres);
        Assert.Equal(info.FormatVersion, answer.FormatVersion);
        Assert.Equal(info.LibraryVersion, answer.LibraryVersion);
        Assert.Equal(info.Created, answer.Created);
        Assert.Equal(info.InputColumnName, answer.InputColumn);
        Assert.Equal(info.LabelColumnName, answer.LabelColumn);
        Assert.Equal("ServiceModelFixture", answer.TrainedBy);
        Assert.Equal("synthetic", answer.Dataset);
        Assert.Equal(info.Steps.Select(s => (s.Kind, s.Description, s.LabelOnly)), answer.Steps.Select(s => (s.Kind, s.Description, s.LabelOnly)));
        Assert.Null(answer.WeightsLicense);
    }

    [Fact]
    public async Task TheHealthCheck_Is200OnceTheModelIsLoaded_AndAModelThatCannotLoad_StopsTheStart()
    {
        await using (var host = await ServiceHost.InMemoryAsync(model.ModelPath))
        {
            using var health = await host.Client.GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            using var json = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
            Assert.Equal("ok", json.RootElement.GetProperty("status").GetString());
            Assert.Equal("cnn-lstm", json.RootElement.GetProperty("kind").GetString());
        }
        await Assert.ThrowsAsync<FileNotFoundException>(() => ServiceHost.InMemoryAsync(model.Folder.Combine("missing.mgmodel")));
        var damaged = model.Folder.Combine("damaged.mgmodel");
        var bytes = File.ReadAllBytes(model.ModelPath);
        File.WriteAllBytes(damaged, bytes[..(bytes.Length / 2)]);
        var e = await Assert.ThrowsAsync<GenreModelFormatException>(() => ServiceHost.InMemoryAsync(damaged));
        Assert.Contains("damaged.mgmodel", e.Message);
    }

    [Fact]
    public async Task TheMetrics_CountRequestsErrorsAndLatency_InPrometheusTextFormat()
    {
        await using var host = await ServiceHost.InMemoryAsync(model.ModelPath);
        var wav = File.ReadAllBytes(model.Probes[0]);
        var outcomes = new List<HttpStatusCode>();
        foreach (var content in new HttpContent[]
        {
            TestUploads.Raw(wav), TestUploads.Form(wav, "a.wav"), TestUploads.Raw([]), TestUploads.Raw("not audio"u8.ToArray()),
        })
        {
            using var response = await host.Client.PostAsync("/v1/predict", content);
            outcomes.Add(response.StatusCode);
        }
        using (var badQuery = await host.Client.PostAsync("/v1/predict?top=x", TestUploads.Raw(wav))) outcomes.Add(badQuery.StatusCode);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.UnsupportedMediaType, HttpStatusCode.BadRequest], outcomes);
        (await host.Client.GetAsync("/v1/model")).Dispose();

        using var scrape = await host.Client.GetAsync("/metrics");
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", scrape.Content.Headers.ContentType?.ToString());
        var samples = PrometheusText.Parse(await scrape.Content.ReadAsStringAsync());
        Assert.Equal(2, samples["musicgenre_http_requests_total{endpoint=\"predict\",code=\"200\"}"]);
        Assert.Equal(2, samples["musicgenre_http_requests_total{endpoint=\"predict\",code=\"400\"}"]);
        Assert.Equal(1, samples["musicgenre_http_requests_total{endpoint=\"predict\",code=\"415\"}"]);
        Assert.Equal(1, samples["musicgenre_http_requests_total{endpoint=\"model\",code=\"200\"}"]);
        Assert.Equal(1, samples["musicgenre_http_request_errors_total{reason=\"empty_body\"}"]);
        Assert.Equal(1, samples["musicgenre_http_request_errors_total{reason=\"bad_request\"}"]);
        Assert.Equal(1, samples["musicgenre_http_request_errors_total{reason=\"undecodable\"}"]);
        Assert.Equal(0, samples["musicgenre_http_request_errors_total{reason=\"internal\"}"]);
        Assert.Equal(5, samples["musicgenre_predict_duration_seconds_count"]);
        Assert.Equal(5, samples["musicgenre_predict_duration_seconds_bucket{le=\"+Inf\"}"]);
        var buckets = samples.Where(s => s.Key.StartsWith("musicgenre_predict_duration_seconds_bucket", StringComparison.Ordinal)).Select(s => s.Value).ToList();
        Assert.Equal(buckets.Order(), buckets); // cumulative
        Assert.InRange(samples["musicgenre_predict_duration_seconds_sum"], 0, 60);
        Assert.Equal(0, samples["musicgenre_http_requests_in_flight"]);
        Assert.Equal(0, samples["musicgenre_predictions_running"]);
        Assert.Equal(Environment.ProcessorCount, samples["musicgenre_prediction_slots"]);
        Assert.Equal(1, samples["musicgenre_model_loaded{kind=\"cnn-lstm\"}"]);
    }

    [Fact]
    public async Task ThePage_AndItsAssets_ComeFromTheAssembly_WithAPolicyThatAllowsOnlyThisOrigin()
    {
        await using var host = await ServiceHost.InMemoryAsync(model.ModelPath, new GenrePredictionOptions { MaxUploadMegabytes = 7 });
        using var page = await host.Client.GetAsync("/");
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var policy = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", policy);
        Assert.Contains("script-src 'self'", policy);
        Assert.Contains("connect-src 'self'", policy);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("data-api=\"/v1\"", html);
        Assert.Contains($"data-max-upload-bytes=\"{7 << 20}\"", html);
        Assert.DoesNotContain("{{", html);
        foreach (var (path, type) in new[] { ("/v1/page/app.js", "text/javascript"), ("/v1/page/app.css", "text/css") })
        {
            using var asset = await host.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
            Assert.Equal(type, asset.Content.Headers.ContentType?.MediaType);
            Assert.Equal("nosniff", asset.Headers.GetValues("X-Content-Type-Options").Single());
            var text = await asset.Content.ReadAsStringAsync();
            Assert.True(text.Length > 500, $"{path} is {text.Length} characters");
            Assert.DoesNotContain("http://", text);
            Assert.DoesNotContain("https://", text);
        }
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
    }

    [Fact]
    public async Task AnotherPrefix_AndPathsSwitchedOff_AreHonoured()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddGenrePrediction(model.ModelPath, new GenrePredictionOptions { MetricsPath = null, PagePath = "/genre", HealthPath = "/ready" });
        await using var app = builder.Build();
        app.MapGenrePrediction(prefix: "api/genres/");
        await app.StartAsync();
        using var client = app.GetTestClient();
        using var predict = await client.PostAsync("/api/genres/predict", TestUploads.Raw(File.ReadAllBytes(model.Probes[0])));
        PredictionAssert.Equal(model.Expected(model.Probes[0]), await PredictionAssert.ReadAsync(predict));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/genres/model")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/ready")).StatusCode);
        Assert.Contains("data-api=\"/api/genres\"", await client.GetStringAsync("/genre"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/genres/page/app.js")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/v1/predict")).StatusCode);
        await app.StopAsync();
    }

    [Fact]
    public void BadOptions_AreAllListedAtOnce_AndTheServicesAreAddedOnce()
    {
        var services = new ServiceCollection();
        var e = Assert.Throws<ArgumentException>(() => services.AddGenrePrediction(model.ModelPath, new GenrePredictionOptions
        {
            MaxUploadMegabytes = 0, Concurrency = 0, QueueLength = -1, PredictionTimeout = TimeSpan.Zero, HealthPath = "healthz",
        }));
        foreach (var name in new[] { "MaxUploadMegabytes", "Concurrency", "QueueLength", "PredictionTimeout", "HealthPath" }) Assert.Contains(name, e.Message);
        Assert.Throws<ArgumentException>(() => services.AddGenrePrediction(" "));

        var options = new GenrePredictionOptions { MaxUploadMegabytes = 3 };
        services.AddGenrePrediction(model.ModelPath, options);
        options.MaxUploadMegabytes = 0; // the service took a copy
        Assert.Throws<InvalidOperationException>(() => services.AddGenrePrediction(model.ModelPath));

        using var app = WebApplication.CreateSlimBuilder().Build();
        var missing = Assert.Throws<InvalidOperationException>(() => app.MapGenrePrediction());
        Assert.Contains("AddGenrePrediction", missing.Message);
    }
}
