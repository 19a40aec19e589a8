using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using MusicGenre.AspNetCore;
using Xunit.Abstractions;

namespace MusicGenre.Tests.Service;

/// <summary>
/// A real Kestrel on 127.0.0.1 under 8 concurrent clients × 250 requests of real clips (GTZAN WAV/AU, MP3 and Ogg
/// variants), served by the model that analyses the first 10 s of each: no errors, and every answer equals the
/// in-process prediction of that file. Bounded: 2,000 requests.
/// Latencies are printed, not asserted (the speed figures come from benchmarks/MusicGenre.Benchmarks' service load).
/// </summary>
[Collection(ServiceLoadCollection.Name)]
[Trait("Category", "Slow")]
public class ServiceLoadTests(ServiceModelFixture model, GtzanUploads uploads, ITestOutputHelper output)
{
    public const int Clients = 8;
    public const int RequestsPerClient = 250;

    [SkippableFact]
    public async Task EightClientsTimes250RealClips_AllSucceed_AndEqualTheInProcessPredictions()
    {
        var files = uploads.Files;
        var bodies = files.Select(File.ReadAllBytes).ToArray();
        var expected = files.Select(model.ExpectedTenSeconds).ToArray();
        Assert.Contains(files, f => f.EndsWith(".mp3", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith(".ogg", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith(".au", StringComparison.Ordinal));

        await using var host = await ServiceHost.KestrelAsync(model.TenSecondModelPath);
        var failures = new ConcurrentQueue<string>();
        var latencies = new ConcurrentBag<double>();
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
        {
            for (int i = 0; i < RequestsPerClient; i++)
            {
                int f = (client * 31 + i * 7) % files.Count;
                bool timeline = i % 4 == 0;
                var started = Stopwatch.GetTimestamp();
                HttpContent body = i % 2 == 0 ? TestUploads.Raw(bodies[f]) : TestUploads.Form(bodies[f], Path.GetFileName(files[f]));
                using var response = await host.Client.PostAsync(timeline ? "/v1/predict?timeline=true&top=10" : "/v1/predict", body);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failures.Enqueue($"{files[f]}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    continue;
                }
                if (PredictionAssert.Difference(expected[f], await PredictionAssert.ReadAsync(response), timeline ? 10 : 3, timeline) is { } difference)
                    failures.Enqueue($"{files[f]}: {difference}");
            }
        })));
        total.Stop();

        var sorted = latencies.Order().ToArray();
        output.WriteLine($"{sorted.Length} requests of {files.Count} files in {total.Elapsed.TotalSeconds:0.0} s = {sorted.Length / total.Elapsed.TotalSeconds:0.0} requests/s; " +
            $"latency p50 {Percentile(sorted, 0.50):0.0} ms, p95 {Percentile(sorted, 0.95):0.0} ms, p99 {Percentile(sorted, 0.99):0.0} ms (shared machine: not a benchmark)");
        Assert.Equal(Clients * RequestsPerClient, sorted.Length);
        Assert.True(failures.IsEmpty, $"{failures.Count} of {sorted.Length} requests failed; first: {string.Join("\n", failures.Take(5))}");
        Assert.Empty(host.LoggedProblems);
        var samples = PrometheusText.Parse(await host.Client.GetStringAsync("/metrics"));
        Assert.Equal(Clients * RequestsPerClient, samples["musicgenre_http_requests_total{endpoint=\"predict\",code=\"200\"}"]);
        Assert.Equal(0, ErrorTotal(samples));
    }

    internal static double ErrorTotal(Dictionary<string, double> samples)
        => samples.Where(s => s.Key.StartsWith("musicgenre_http_request_errors_total", StringComparison.Ordinal)).Sum(s => s.Value);

    internal static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
