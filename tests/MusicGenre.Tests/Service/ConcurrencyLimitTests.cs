using System.Net;
using MusicGenre.AspNetCore;

namespace MusicGenre.Tests.Service;

/// <summary>
/// The concurrency gate, in memory: a full gate answers 503 with Retry-After before reading the body, a queued
/// request that gets no slot in time 503, a prediction past its time limit 503, and a client that goes away cancels
/// its work and frees its slot. The slow prediction is a 10-minute 8 kHz clip (decode, resample, 400 windows).
/// </summary>
public class ConcurrencyLimitTests(ServiceModelFixture model) : IClassFixture<ServiceModelFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private byte[] LongClip()
    {
        var path = model.Folder.Combine("long-10min-8k.wav");
        lock (model)
            if (!File.Exists(path)) TestUploads.LongWav(path, 600);
        return File.ReadAllBytes(path);
    }

    [Fact]
    public async Task AFullGate_Answers503WithRetryAfter_AtOnce_AndTheAdmittedRequestStillSucceeds()
    {
        await using var host = await ServiceHost.InMemoryAsync(model.ModelPath, new GenrePredictionOptions { Concurrency = 1, QueueLength = 0, RetryAfter = TimeSpan.FromSeconds(3) });
        var wav = File.ReadAllBytes(model.Probes[0]);
        var held = new TestUploads.Held(wav);
        var first = host.Client.PostAsync("/v1/predict", held);
        await WaitForMetric(host, "musicgenre_predictions_waiting", 1); // admitted, still receiving its body

        using (var refused = await host.Client.PostAsync("/v1/predict", TestUploads.Raw(wav)))
        {
            var problem = await PredictEndpointTests.AssertProblem(refused, HttpStatusCode.ServiceUnavailable, "busy", "1 prediction slots and 0 queue places");
            Assert.Equal(TimeSpan.FromSeconds(3), refused.Headers.RetryAfter?.Delta);
        }
        held.Release();
        using var admitted = await first;
        PredictionAssert.Equal(model.Expected(model.Probes[0]), await PredictionAssert.ReadAsync(admitted));
    }

    /// <summary>The whole 10-minute clip, not the default excerpts: the slow request must stay slow.</summary>
    private static GenrePredictorOptions WholeTrack => new() { Analysis = GenreAnalysis.Whole };

    [Fact]
    public async Task AQueuedRequestThatGetsNoSlotInTime_Gets503_AndAPredictionPastItsTimeLimit_Gets503()
    {
        var clip = LongClip();
        await using (var host = await ServiceHost.InMemoryAsync(model.ModelPath, new GenrePredictionOptions { Concurrency = 1, QueueLength = 4, QueueTimeout = TimeSpan.FromMilliseconds(1), Predictor = WholeTrack }))
        {
            var slow = host.Client.PostAsync("/v1/predict", TestUploads.Raw(clip));
            await WaitForMetric(host, "musicgenre_predictions_running", 1);
            using (var queued = await host.Client.PostAsync("/v1/predict", TestUploads.Raw(File.ReadAllBytes(model.Probes[1]))))
            {
                await PredictEndpointTests.AssertProblem(queued, HttpStatusCode.ServiceUnavailable, "busy", "No prediction slot came free within 0.001 s");
                Assert.NotNull(queued.Headers.RetryAfter);
            }
            using var done = await slow;
            Assert.Equal(HttpStatusCode.OK, done.StatusCode);
            Assert.Equal(600, (await PredictionAssert.ReadAsync(done)).DurationSeconds, 6);
        }

        await using (var host = await ServiceHost.InMemoryAsync(model.ModelPath, new GenrePredictionOptions { PredictionTimeout = TimeSpan.FromMilliseconds(5), Predictor = WholeTrack }))
        {
            using var timedOut = await host.Client.PostAsync("/v1/predict", TestUploads.Raw(clip));
            await PredictEndpointTests.AssertProblem(timedOut, HttpStatusCode.ServiceUnavailable, "timeout", "longer than the limit of 0.005 s");
            Assert.NotNull(timedOut.Headers.RetryAfter);
            await WaitForMetric(host, "musicgenre_predictions_running", 0); // the slot comes back once the work has stopped
        }
    }

    [Fact]
    public async Task AClientThatGoesAway_CancelsItsWork_AndItsSlotComesBack()
    {
        await using var host = await ServiceHost.InMemoryAsync(model.ModelPath, new GenrePredictionOptions { Concurrency = 1 });
        using var leaving = new CancellationTokenSource();
        var request = host.Client.PostAsync("/v1/predict", TestUploads.Raw(LongClip()), leaving.Token);
        await WaitForMetric(host, "musicgenre_predictions_running", 1);
        leaving.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        await WaitForMetric(host, "musicgenre_http_request_errors_total{reason=\"client_closed\"}", 1);
        await WaitForMetric(host, "musicgenre_predictions_running", 0);
        using var next = await host.Client.PostAsync("/v1/predict", TestUploads.Raw(File.ReadAllBytes(model.Probes[2])));
        PredictionAssert.Equal(model.Expected(model.Probes[2]), await PredictionAssert.ReadAsync(next));
    }

    internal static async Task WaitForMetric(ServiceHost host, string sample, double value)
    {
        using var patience = new CancellationTokenSource(Patience);
        double? last = null;
        while (!patience.IsCancellationRequested)
        {
            var samples = PrometheusText.Parse(await host.Client.GetStringAsync("/metrics", patience.Token));
            if (samples.TryGetValue(sample, out var current) && current == value) return;
            last = samples.TryGetValue(sample, out current) ? current : null;
            await Task.Delay(2);
        }
        Assert.Fail($"{sample} stayed {last?.ToString() ?? "absent"}, not {value}, for {Patience.TotalSeconds} s");
    }
}
