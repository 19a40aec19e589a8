using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using MusicGenre.AspNetCore;
using MusicGenre.Audio;
using MusicGenre.Datasets;
using MusicGenre.Tests.TestInfrastructure;
using Xunit.Abstractions;

namespace MusicGenre.Tests.Service;

/// <summary>
/// Hostile input against a real Kestrel on 127.0.0.1 while two clients keep sending good requests: every damaged file
/// of ../shared/data/formats/bad, random bytes, truncated MP3 and WAV, a WAV header claiming 4 GB, absurd rates and
/// non-finite samples, forms without a file, 200 MB bodies (declared and chunked, generated, never allocated) and a
/// client that sends one byte a second. Each gets its documented 4xx (the decoder's own outcome where the bytes reach
/// it: 200 for a truncated file whose frames decode), nothing logs an error, the server stays up, and every good
/// request gets the in-process prediction.
/// </summary>
[Collection(ServiceLoadCollection.Name)]
[Trait("Category", "Slow")]
public class HostileInputTests(ServiceModelFixture model, GtzanUploads uploads, ITestOutputHelper output)
{
    private const int UploadLimitMegabytes = 16;

    [SkippableFact]
    public async Task HostileInput_GetsItsOwn4xx_WhileGoodRequestsKeepGettingTheInProcessPrediction()
    {
        var bad = SharedData.Require("data", "formats", "bad");
        var clip = SharedData.GtzanClip("rock.00002");
        var mp3 = uploads.Files.First(f => f.EndsWith(".mp3", StringComparison.Ordinal));
        await using var host = await ServiceHost.KestrelAsync(model.ModelPath, new GenrePredictionOptions { MaxUploadMegabytes = UploadLimitMegabytes });
        using var stop = new CancellationTokenSource();
        var goodFailures = new ConcurrentQueue<string>();
        int goodCount = 0;
        var good = Task.WhenAll(Enumerable.Range(0, 2).Select(client => Task.Run(async () =>
        {
            for (int i = 0; !stop.IsCancellationRequested; i++)
            {
                var probe = model.Probes[(client + i) % model.Probes.Count];
                using var response = await host.Client.PostAsync("/v1/predict?timeline=true", TestUploads.Raw(File.ReadAllBytes(probe)));
                if (response.StatusCode != HttpStatusCode.OK) goodFailures.Enqueue($"{probe}: {(int)response.StatusCode}");
                else if (PredictionAssert.Difference(model.Expected(probe), await PredictionAssert.ReadAsync(response), 3, true) is { } d) goodFailures.Enqueue($"{probe}: {d}");
                Interlocked.Increment(ref goodCount);
            }
        })));

        var outcomes = new List<string>();
        async Task Decoded(string name, byte[] bytes)
        {
            outcomes.Add(await ExpectTheDecodersOutcome(host, name, bytes));
        }

        foreach (var file in Directory.EnumerateFiles(bad).Order(StringComparer.Ordinal))
            await Decoded("bad/" + Path.GetFileName(file), File.ReadAllBytes(file));
        var random = new byte[256 * 1024];
        new Random(11).NextBytes(random);
        await Decoded("random bytes", random);
        var wav = File.ReadAllBytes(clip);
        await Decoded("WAV truncated to 60 % at an odd byte", wav[..(wav.Length * 3 / 5 | 1)]);
        var mp3Bytes = File.ReadAllBytes(mp3);
        await Decoded("MP3 truncated to half", mp3Bytes[..(mp3Bytes.Length / 2)]);
        await Decoded("MP3 with only its first 200 bytes", mp3Bytes[..200]);
        await Decoded("WAV header claiming 4 GB", ClaimingFourGigabytes(wav));
        await Decoded("WAV at 47 Hz", WithRate(wav, 47));
        await Decoded("float WAV of NaN and infinity", NonFinite());
        await Decoded("a WAV header and nothing else", wav[..44]);

        outcomes.Add(await Expect(host, "form without a file", new MultipartFormDataContent { { new StringContent("x"), "name" } }, HttpStatusCode.BadRequest, "empty_body"));
        var noBoundary = new ByteArrayContent(wav[..1000]);
        noBoundary.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data");
        outcomes.Add(await Expect(host, "multipart without a boundary", noBoundary, HttpStatusCode.BadRequest, "bad_request"));
        outcomes.Add(await Expect(host, "JSON instead of audio", new StringContent("{\"genre\":\"jazz\"}", Encoding.UTF8, "application/json"), HttpStatusCode.UnsupportedMediaType, "undecodable"));

        const long twoHundredMegabytes = 200L << 20;
        var declared = new TestUploads.Generated(twoHundredMegabytes, declareLength: true);
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/v1/predict") { Content = declared })
        {
            request.Headers.ExpectContinue = true; // as curl sends for large bodies: the refusal comes before the body
            using var response = await host.Client.SendAsync(request);
            outcomes.Add(await ExpectProblem("200 MB declared (Expect: 100-continue)", response, HttpStatusCode.RequestEntityTooLarge, "too_large"));
        }
        Assert.Equal(0, declared.Sent);
        outcomes.Add(await RawBody(host, "200 MB declared, sent at once", twoHundredMegabytes, chunked: false));
        outcomes.Add(await RawBody(host, "200 MB chunked", twoHundredMegabytes, chunked: true));
        outcomes.Add(await Trickle(host));

        stop.Cancel();
        await good;
        foreach (var outcome in outcomes) output.WriteLine(outcome);
        output.WriteLine($"{goodCount} good requests in between");
        Assert.True(goodCount >= 10, $"only {goodCount} good requests ran in between");
        Assert.Empty(goodFailures);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/healthz")).StatusCode);
        using (var after = await host.Client.PostAsync("/v1/predict", TestUploads.Raw(File.ReadAllBytes(model.Probes[0]))))
            PredictionAssert.Equal(model.Expected(model.Probes[0]), await PredictionAssert.ReadAsync(after));
        var samples = PrometheusText.Parse(await host.Client.GetStringAsync("/metrics"));
        Assert.Equal(0, samples["musicgenre_http_request_errors_total{reason=\"internal\"}"]);
        Assert.False(samples.ContainsKey("musicgenre_http_requests_total{endpoint=\"predict\",code=\"500\"}"));
        Assert.DoesNotContain(host.LoggedProblems, p => p.StartsWith("Error", StringComparison.Ordinal) || p.StartsWith("Critical", StringComparison.Ordinal));
    }

    /// <summary>Sends the bytes raw and as a form: both get what the in-process decoder and predictor make of them.</summary>
    private async Task<string> ExpectTheDecodersOutcome(ServiceHost host, string name, byte[] bytes)
    {
        if (bytes.Length == 0)
            return await Expect(host, name, TestUploads.Raw(bytes), HttpStatusCode.BadRequest, "empty_body");
        GenrePrediction? expected = null;
        Exception? error = null;
        try
        {
            expected = model.Predictor.Predict(new MemoryStream(bytes), name);
        }
        catch (Exception e) when (e is AudioFormatException or InvalidDataException or ArgumentException)
        {
            error = e;
        }
        foreach (var content in new HttpContent[] { TestUploads.Raw(bytes), TestUploads.Form(bytes, "hostile.bin") })
        {
            using var response = await host.Client.PostAsync("/v1/predict?timeline=true", content);
            if (expected is not null)
            {
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                PredictionAssert.Equal(expected, await PredictionAssert.ReadAsync(response), 3, timeline: true);
            }
            else if (error is AudioFormatException format)
            {
                var problem = await PredictEndpointTests.AssertProblem(response, HttpStatusCode.UnsupportedMediaType, "undecodable", format.Reason);
                Assert.Equal(format.Reason, problem.GetProperty("detail").GetString());
            }
            else
            {
                await PredictEndpointTests.AssertProblem(response, HttpStatusCode.UnprocessableEntity, "unclassifiable", "");
            }
        }
        return $"{name}: " + (expected is not null ? $"200 ({expected.Genre}, {expected.Duration.TotalSeconds:0.###} s decoded)" : $"{(error is AudioFormatException ? 415 : 422)} {error!.Message}");
    }

    private static async Task<string> Expect(ServiceHost host, string name, HttpContent content, HttpStatusCode status, string reason)
    {
        using var response = await host.Client.PostAsync("/v1/predict", content);
        return await ExpectProblem(name, response, status, reason);
    }

    private static async Task<string> ExpectProblem(string name, HttpResponseMessage response, HttpStatusCode status, string reason)
    {
        var problem = await PredictEndpointTests.AssertProblem(response, status, reason, "");
        return $"{name}: {(int)status} {problem.GetProperty("detail").GetString()}";
    }

    /// <summary>
    /// A 200 MB body over a raw socket (HttpClient does not read an early answer while it sends): the 413 arrives while
    /// the body is still being sent, and the server stops reading long before the end.
    /// </summary>
    private static async Task<string> RawBody(ServiceHost host, string name, long length, bool chunked)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, host.BaseAddress.Port);
        var stream = tcp.GetStream();
        var head = $"POST /v1/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n{(chunked ? "Transfer-Encoding: chunked" : $"Content-Length: {length}")}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        var answer = ReadAnswer(stream);
        long sent = 0;
        var chunk = new byte[64 * 1024];
        new Random(5).NextBytes(chunk);
        var frame = Encoding.ASCII.GetBytes($"{chunk.Length:x}\r\n");
        var clock = Stopwatch.StartNew();
        try
        {
            while (sent < length && !answer.IsCompleted && clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                if (chunked) await stream.WriteAsync(frame);
                await stream.WriteAsync(chunk);
                if (chunked) await stream.WriteAsync("\r\n"u8.ToArray());
                sent += chunk.Length;
            }
        }
        catch (IOException)
        {
            // the server closed the connection after its answer
        }
        var text = await answer.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.StartsWith("HTTP/1.1 413", text);
        Assert.Contains("\"reason\":\"too_large\"", text);
        Assert.True(sent < 3L * UploadLimitMegabytes << 20, $"{name}: {sent:N0} bytes were taken for an upload limit of {UploadLimitMegabytes} MiB");
        return $"{name}: 413 after {sent / (1 << 20)} MiB had been sent";
    }

    /// <summary>A client that sends one byte a second: Kestrel's minimum body data rate (240 bytes/s after 5 s) cuts it off with 408.</summary>
    private static async Task<string> Trickle(ServiceHost host)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, host.BaseAddress.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync("POST /v1/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: audio/wav\r\nContent-Length: 100000\r\n\r\n"u8.ToArray());
        var answer = ReadAnswer(stream);
        var clock = Stopwatch.StartNew();
        int sent = 0;
        try
        {
            while (!answer.IsCompleted && clock.Elapsed < TimeSpan.FromSeconds(40))
            {
                await stream.WriteAsync(new[] { (byte)'R' });
                sent++;
                await Task.WhenAny(answer, Task.Delay(1000));
            }
        }
        catch (IOException)
        {
            // cut off
        }
        var text = await answer.WaitAsync(TimeSpan.FromSeconds(30));
        var cutOffAfter = clock.Elapsed;
        Assert.True(cutOffAfter < TimeSpan.FromSeconds(30), $"a client sending 1 byte/s was served for {cutOffAfter.TotalSeconds:0} s");
        Assert.True(text.Length == 0 || text.StartsWith("HTTP/1.1 408", StringComparison.Ordinal), $"the trickling client got: {text}");
        return $"1 byte a second: {(text.Length == 0 ? "connection closed" : text[..12])} after {cutOffAfter.TotalSeconds:0.0} s and {sent} bytes";
    }

    /// <summary>Everything the server sends until it closes the connection (or 64 KiB), as text.</summary>
    private static async Task<string> ReadAnswer(NetworkStream stream)
    {
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while (received.Length < 65536 && (read = await stream.ReadAsync(buffer)) > 0)
            {
                received.Write(buffer, 0, read);
                var text = Encoding.ASCII.GetString(received.ToArray());
                int end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (end >= 0 && ContentLength(text[..end]) is { } length && text.Length >= end + 4 + length) return text;
            }
        }
        catch (IOException)
        {
            // reset after the answer
        }
        return Encoding.ASCII.GetString(received.ToArray());
    }

    private static int? ContentLength(string head)
    {
        foreach (var line in head.Split("\r\n"))
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) return int.Parse(line[15..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        return null;
    }

    /// <summary>The clip with its RIFF and data sizes set to claim about 4 GB.</summary>
    private static byte[] ClaimingFourGigabytes(byte[] wav)
    {
        var copy = wav[..(44 + 22050 * 2 * 2)];
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(4), 0xFFFF_FFF0);
        int data = Encoding.ASCII.GetString(copy, 0, 200).IndexOf("data", StringComparison.Ordinal);
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(data + 4), 0xFFFF_FF00);
        return copy;
    }

    /// <summary>The clip with its header's sample rate (and byte rate) changed.</summary>
    private static byte[] WithRate(byte[] wav, int rate)
    {
        var copy = wav[..(44 + 22050 * 2 * 2)];
        BinaryPrimitives.WriteInt32LittleEndian(copy.AsSpan(24), rate);
        BinaryPrimitives.WriteInt32LittleEndian(copy.AsSpan(28), rate * 2);
        return copy;
    }

    private static byte[] NonFinite()
    {
        var samples = new float[22050 * 3];
        for (int i = 0; i < samples.Length; i++) samples[i] = (i % 3) switch { 0 => float.NaN, 1 => float.PositiveInfinity, _ => 0.5f };
        using var stream = new MemoryStream();
        WavFileWriter.Write(stream, samples, 22050, floatingPoint: true);
        return stream.ToArray();
    }
}
