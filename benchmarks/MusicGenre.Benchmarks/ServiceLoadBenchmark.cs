using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.ML;
using MusicGenre.AspNetCore;
using MusicGenre.Audio;
using MusicGenre.Datasets;
using MusicGenre.Features;
using MusicGenre.MLNet;
using MusicGenre.MLNet.Persistence;
using MusicGenre.Models.Musicnn;
using MusicGenre.Torch;
using MusicGenre.Training;

namespace MusicGenre.Benchmarks;

/// <summary>
/// The HTTP service under load, a console load runner (not BenchmarkDotNet: the unit is a whole server): Kestrel on
/// 127.0.0.1 with <c>AddGenrePrediction</c> + <c>MapGenrePrediction</c> and its defaults (concurrency = processors),
/// N concurrent clients POSTing the 30 s GTZAN clips of ../shared, for a CNN-LSTM (the seed, 64 bands) and for
/// musicnn-linear (all 10 patches of a clip). Prints requests/s, p50/p95/p99 latency (client side: queueing behind the
/// prediction slots included), errors and process CPU time per request (server and clients share the process), next to
/// its peer measured in the same run: the same predictor on the same bytes from memory, called by one thread per
/// prediction slot of the service (as many as processors), no HTTP. Then resident memory over 10,000 requests of 5 s
/// clips after 1,000 of warm-up.
/// <c>dotnet run -c Release --project benchmarks/MusicGenre.Benchmarks -- service [--clients 8] [--requests 250] [--musicnn-requests 25] [--memory-requests 10000] [--memory-warm-up 1000] [--memory-only]</c>
/// (requests per client; the models are trained here in a few seconds on synthetic clips: their speed, not their accuracy, matters).
/// </summary>
public static class ServiceLoadBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        int clients = Option(args, "--clients", 8), requests = Option(args, "--requests", 250);
        int musicnnRequests = Option(args, "--musicnn-requests", 25), memoryRequests = Option(args, "--memory-requests", 10_000);
        int memoryWarmUp = Option(args, "--memory-warm-up", 1_000);
        bool memoryOnly = args.Contains("--memory-only");
        var folder = Directory.CreateTempSubdirectory("musicgenre-service-bench-").FullName;
        try
        {
            var clips = Directory.EnumerateFiles(Path.Combine(BenchmarkData.SharedRoot, "data", "gtzan-mini"), "*.wav", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
            var bodies = clips.Select(File.ReadAllBytes).ToArray();
            Console.WriteLine($"{Environment.ProcessorCount} processors, load average {LoadAverage()}; {clips.Count} GTZAN clips of 30 s; {clients} clients");
            Console.WriteLine("| model | requests | errors | requests/s | p50 ms | p95 ms | p99 ms | CPU ms/request | in-process peer: predictions/s, p50, CPU ms/prediction |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---|");

            var cnn = TrainCnnLstm(folder);
            if (!memoryOnly) await Measure("cnn-lstm", cnn, bodies, clients, requests);
            var memory = await Memory(cnn, clips, memoryRequests, memoryWarmUp); // before musicnn, whose freed memory the allocator gives back only slowly
            if (!memoryOnly) await Measure("musicnn-linear", TrainMusicnnLinear(folder), bodies, clients, musicnnRequests);
            Console.WriteLine();
            Console.WriteLine(memory);
            Console.WriteLine($"load average at the end {LoadAverage()}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task Measure(string name, string model, byte[][] bodies, int clients, int perClient)
    {
        await using var server = await Server.StartAsync(model);
        await Load(server.Client, bodies, clients, 2); // warm-up: engines, pools, JIT
        var cpu = ProcessCpu();
        var (latencies, errors, elapsed) = await Load(server.Client, bodies, clients, perClient);
        var cpuPerRequest = (ProcessCpu() - cpu).TotalMilliseconds / latencies.Length;

        // The peer: the same predictor from memory at the service's parallelism (one thread per prediction slot), no HTTP.
        using var predictor = GenrePredictor.Load(model, new GenrePredictorOptions { Device = ComputeDevice.Cpu });
        var slots = new GenrePredictionOptions().EffectiveConcurrency;
        cpu = ProcessCpu();
        var (peer, peerElapsed) = InProcess(predictor, bodies, slots, Math.Max(1, clients * perClient / 2 / slots));
        var peerCpu = (ProcessCpu() - cpu).TotalMilliseconds / peer.Length;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {latencies.Length} | {errors} | {latencies.Length / elapsed.TotalSeconds:0.0} | {P(latencies, 0.50):0} | {P(latencies, 0.95):0} | {P(latencies, 0.99):0} | {cpuPerRequest:0} " +
            $"| {peer.Length} on {slots} threads: {peer.Length / peerElapsed.TotalSeconds:0.0}/s, p50 {P(peer, 0.50):0} ms, {peerCpu:0} CPU ms |"));
    }

    private static async Task<(double[] Latencies, int Errors, TimeSpan Elapsed)> Load(HttpClient client, byte[][] bodies, int clients, int perClient)
    {
        var latencies = new double[clients * perClient];
        int errors = 0, next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < latencies.Length)
            {
                var content = new ByteArrayContent(bodies[i % bodies.Length]);
                content.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
                var started = Stopwatch.GetTimestamp();
                using var response = await client.PostAsync("/v1/predict", content);
                await response.Content.ReadAsByteArrayAsync();
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (response.StatusCode != HttpStatusCode.OK) Interlocked.Increment(ref errors);
            }
        })));
        clock.Stop();
        Array.Sort(latencies);
        return (latencies, errors, clock.Elapsed);
    }

    private static (double[] Latencies, TimeSpan Elapsed) InProcess(GenrePredictor predictor, byte[][] bodies, int threads, int perThread)
    {
        for (int w = 0; w < threads; w++) predictor.Predict(new MemoryStream(bodies[w % bodies.Length]), "warm-up");
        var latencies = new double[threads * perThread];
        int next = -1;
        var clock = Stopwatch.StartNew();
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < latencies.Length)
            {
                var started = Stopwatch.GetTimestamp();
                predictor.Predict(new MemoryStream(bodies[i % bodies.Length]), "clip");
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        });
        clock.Stop();
        Array.Sort(latencies);
        return (latencies, clock.Elapsed);
    }

    private static async Task<string> Memory(string model, List<string> clips, int requests, int warmUp)
    {
        // 5 s of each clip, so 10,000 requests take minutes, not an hour; 4 clients; resident memory after a full
        // collection, after the warm-up and after every fifth of the rest.
        const int memoryClients = 4, checkpoints = 5;
        var bodies = clips.Take(20).Select(c =>
        {
            var clip = AudioFile.Load(c, new AudioLoadOptions { Duration = 5 });
            var stream = new MemoryStream();
            WavFileWriter.Write(stream, clip.Samples, clip.SampleRate);
            return stream.ToArray();
        }).ToArray();
        await using var server = await Server.StartAsync(model);
        await Load(server.Client, bodies, memoryClients, warmUp / memoryClients);
        var before = Resident();
        var trail = new List<string>();
        int done = 0, errors = 0;
        var clock = Stopwatch.StartNew();
        for (int c = 0; c < checkpoints; c++)
        {
            var (latencies, failed, _) = await Load(server.Client, bodies, memoryClients, requests / checkpoints / memoryClients);
            done += latencies.Length;
            errors += failed;
            trail.Add(string.Create(CultureInfo.InvariantCulture, $"{done:N0}: {Resident().Resident / 1e6:0.0}"));
        }
        clock.Stop();
        var after = Resident();
        return string.Create(CultureInfo.InvariantCulture,
            $"memory (cnn-lstm): {done:N0} requests of 5 s clips by {memoryClients} clients in {clock.Elapsed.TotalSeconds:0} s ({done / clock.Elapsed.TotalSeconds:0}/s), {errors} errors; " +
            $"resident after {warmUp:N0} of warm-up {before.Resident / 1e6:0.0} MB, then {string.Join(", ", trail)} MB: {(after.Resident - before.Resident) / 1e6:+0.0;-0.0} MB; " +
            $"managed heap {before.Managed / 1e6:0.0} → {after.Managed / 1e6:0.0} MB");
    }

    private static string TrainCnnLstm(string folder)
    {
        var dataset = SyntheticGenres.WriteDataset(Path.Combine(folder, "clips"), new SyntheticGenresOptions { ClipsPerGenre = 2, DurationSeconds = 5 });
        var ml = new MLContext(seed: 1);
        var rows = ml.Data.LoadFromEnumerable(dataset.Tracks.Select(t => new Row { Path = t.Path, Label = t.Label }));
        var model = ml.Transforms.LoadAudio("Samples", "Path")
            .Append(ml.Transforms.MelSpectrogram("Features", "Samples", nMels: 64))
            .Append(ml.Transforms.Conversion.MapValueToKey("Label"))
            .Append(ml.MulticlassClassification.Trainers.CnnLstm(new GenreTrainerOptions { Epochs = 1, BatchSize = 16, Device = ComputeDevice.Cpu }))
            .Fit(rows);
        var path = Path.Combine(folder, "cnn-lstm.mgmodel");
        ml.Model.SaveGenreModel(model, rows.Schema, path);
        return path;
    }

    private static string TrainMusicnnLinear(string folder)
    {
        var dataset = GenreDataset.Load(Path.Combine(folder, "clips"));
        var ml = new MLContext(seed: 1);
        var rows = ml.Data.LoadFromEnumerable(dataset.Tracks.Select(t => new Row { Path = t.Path, Label = t.Label }));
        var weights = Path.Combine(BenchmarkData.SharedRoot, "models", "musicnn", "MSD_musicnn.h5");
        var model = ml.Transforms.LoadAudio("Samples", "Path", new AudioLoadOptions { SampleRate = MusicnnFeatures.SampleRate })
            .Append(MusicnnLinearPipeline.Create(ml, "Samples", "Label", new MusicnnEmbeddingOptions { Weights = new MusicnnWeightsOptions { Path = weights } }))
            .Fit(rows);
        var path = Path.Combine(folder, "musicnn-linear.mgmodel");
        ml.Model.SaveGenreModel(model, rows.Schema, path);
        return path;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static double P(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static TimeSpan ProcessCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    private static (long Resident, long Managed) Resident()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var self = Process.GetCurrentProcess();
        return (self.WorkingSet64, GC.GetTotalMemory(false));
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private sealed class Row
    {
        public string Path { get; set; } = "";

        public string Label { get; set; } = "";
    }

    /// <summary>Kestrel on 127.0.0.1, a free port, serving one model with the package's defaults.</summary>
    private sealed class Server(WebApplication app, HttpClient client) : IAsyncDisposable
    {
        public HttpClient Client { get; } = client;

        public static async Task<Server> StartAsync(string model)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            builder.Services.AddGenrePrediction(model, new GenrePredictionOptions { QueueLength = 256, QueueTimeout = TimeSpan.FromMinutes(5), PredictionTimeout = TimeSpan.FromMinutes(5) });
            var app = builder.Build();
            app.MapGenrePrediction();
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            return new Server(app, new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(10) });
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
