using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MusicGenre.AspNetCore;
using MusicGenre.AspNetCore.Contracts;
using MusicGenre.Audio;

namespace MusicGenre.Tests.Service;

/// <summary>POST /v1/predict in memory (TestHost): the answer's shape and equality with the in-process predictor, and every refusal.</summary>
public class PredictEndpointTests(ServiceModelFixture model) : IClassFixture<ServiceModelFixture>
{
    [Fact]
    public async Task ARawBody_GetsTheInProcessPrediction_InTheIssuesShape()
    {
        await using var host = await ServiceHost.InMemoryAsync(model.ModelPath);
        var probe = model.Probes[0];
        using var response = await host.Client.PostAsync("/v1/predict", TestUploads.Raw(File.ReadAllBytes(probe), "audio/wav"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["genre", "probability", "scores", "durationSeconds", "model", "elapsedMs"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["kind", "genres"], json.RootElement.GetProperty("model").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["genre", "probability"], json.RootElement.GetProperty("scores")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(2.0, json.RootElement.GetProperty("durationSeconds").GetDouble());

        var answer = json.Deserialize<GenrePredictionResponse>(JsonSerializerOptions.Web)!;
        PredictionAssert.Equal(model.Expected(probe), answer);
        Assert.Equal("cnn-lstm", answer.Model.Kind);
        Assert.Equal(model.Predictor.Genres, answer.Model.Genres);
        Assert.Equal(3, answer.Scores.Count);
        Assert.InRange(answer.ElapsedMs, 0, 60_000);
    }

    [Fact]
    public async Task AFormFieldNamedFile_GetsTheSamePrediction_WithTheTimelineAndTopAsAsked()
    {
        await using var host = await ServiceHost.InMemoryAsync(model.ModelPath);
        foreach (var probe in model.Probes)
        {
            var bytes = File.ReadAllBytes(probe);
            using var response = await host.Client.PostAsync("/v1/predict?top=1&timeline=true", TestUploads.Form(bytes, Path.GetFileName(probe)));
            var answer = await PredictionAssert.ReadAsync(response);
            PredictionAssert.Equal(model.Expected(probe), answer, top: 1, timeline: true);
            Assert.Single(answer.Scores);
            Assert.NotEmpty(answer.Timeline!);
        }
        using var all = await host.Client.PostAsync("/v1/predict?top=1000&timeline=false", TestUploads.Raw(File.ReadAllBytes(model.Probes[1])));
        var every = await PredictionAssert.ReadAsync(all);
        Assert.Equal(model.Predictor.Genres.Count, every.Scores.Count); // top is capped at the model's genres
        PredictionAssert.Equal(model.Expected(model.Probes[1]), every, top: 1000);
    }

    [Theory]
    [InlineData("top=0")]
    [InlineData("top=-1")]
    [InlineData("top=1001")]
    [InlineData("top=three")]
    [InlineData("top=1&top=2")]
    [InlineData("timeline=maybe")]
    [InlineData("spectrogram=2")]
    public async Task AMalformedQuery_Gets400_BeforeTheBodyIsRead(string query)
    {
        await using var host = await ServiceHost.InMemoryAsync(model.ModelPath);
        using var response = await host.Client.PostAsync("/v1/predict?" + query, TestUploads.Raw(File.ReadAllBytes(model.Probes[0])));
        await AssertProblem(response, HttpStatusCode.BadRequest, "bad_request", query.Split('=')[0]);
    }

    [Fact]
    public async Task AnEmptyBody_AndAFormWithoutAFile_AndAnEmptyFile_Get400()
    {
        await using var host = await ServiceHost.InMemoryAsync(model.ModelPath);
        using (var empty = await host.Client.PostAsync("/v1/predict", TestUploads.Raw([])))
            await AssertProblem(empty, HttpStatusCode.BadRequest, "empty_body", "empty");
        using (var chunkedEmpty = await host.Client.PostAsync("/v1/predict", new TestUploads.Generated(0)))
            await AssertProblem(chunkedEmpty, HttpStatusCode.BadRequest, "empty_body", "empty");
        var noFile = new MultipartFormDataContent { { new StringContent("jazz?"), "question" } };
        using (var form = await host.Client.PostAsync("/v1/predict", noFile))
            await AssertProblem(form, HttpStatusCode.BadRequest, "empty_body", "no field named 'file'");
        using (var wrongField = await host.Client.PostAsync("/v1/predict", TestUploads.Form(File.ReadAllBytes(model.Probes[0]), "a.wav", field: "audio")))
            await AssertProblem(wrongField, HttpStatusCode.BadRequest, "empty_body", "no field named 'file'");
        using (var emptyFile = await host.Client.PostAsync("/v1/predict", TestUploads.Form([], "a.wav")))
            await AssertProblem(emptyFile, HttpStatusCode.BadRequest, "empty_body", "'file' is empty");
        var broken = new StringContent("--x\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc", Encoding.ASCII);
        broken.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");
        using (var truncated = await host.Client.PostAsync("/v1/predict", broken))
            await AssertProblem(truncated, HttpStatusCode.BadRequest, "bad_request", "malformed");
        using (var get = await host.Client.GetAsync("/v1/predict"))
            Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
    }

    [Fact]
    public async Task UndecodableAudio_Gets415_WithTheDecodersReason()
    {
        await using var host = await ServiceHost.InMemoryAsync(model.ModelPath);
        var text = Encoding.UTF8.GetBytes("this is not audio, it is a sentence in a file called song.mp3\n");
        var expected = Assert.Throws<AudioFormatException>(() => model.Predictor.Predict(new MemoryStream(text), "song.mp3"));
        using var response = await host.Client.PostAsync("/v1/predict", TestUploads.Form(text, "song.mp3"));
        var problem = await AssertProblem(response, HttpStatusCode.UnsupportedMediaType, "undecodable", expected.Reason);
        Assert.Equal(expected.Reason, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AnUploadOverTheLimit_Gets413_AtOnceFromItsLength_OrWhileStreaming_WithoutReadingTheRest()
    {
        await using var host = await ServiceHost.InMemoryAsync(model.ModelPath, new GenrePredictionOptions { MaxUploadMegabytes = 1 });
        const long limit = 1 << 20;
        using (var declared = await host.Client.PostAsync("/v1/predict", TestUploads.Raw(new byte[limit + 1])))
            await AssertProblem(declared, HttpStatusCode.RequestEntityTooLarge, "too_large", "1,048,576 bytes");

        var endless = new TestUploads.Generated(64L << 20);
        using (var streamed = await host.Client.PostAsync("/v1/predict", endless))
            await AssertProblem(streamed, HttpStatusCode.RequestEntityTooLarge, "too_large", "limit");
        Assert.True(endless.Sent < 8L << 20, $"{endless.Sent:N0} bytes of a 64 MiB body were taken after the limit of 1 MiB");

        var formFile = new TestUploads.Generated(64L << 20);
        var form = new MultipartFormDataContent { { formFile, "file", "big.wav" } };
        using (var streamedForm = await host.Client.PostAsync("/v1/predict", form))
            await AssertProblem(streamedForm, HttpStatusCode.RequestEntityTooLarge, "too_large", "limit");
        Assert.True(formFile.Sent < 8L << 20, $"{formFile.Sent:N0} bytes of a 64 MiB form were taken");

        // Exactly at the limit the upload is read (and these bytes are no audio).
        using var atLimit = await host.Client.PostAsync("/v1/predict", TestUploads.Raw(new byte[limit]));
        await AssertProblem(atLimit, HttpStatusCode.UnsupportedMediaType, "undecodable", "");
    }

    [Fact]
    public async Task TheSpectrogram_IsOptIn_AndCoversTheAnalysedAudio()
    {
        await using var host = await ServiceHost.InMemoryAsync(model.ModelPath);
        var bytes = File.ReadAllBytes(model.Probes[2]);
        using var plain = await host.Client.PostAsync("/v1/predict", TestUploads.Raw(bytes));
        Assert.Null((await PredictionAssert.ReadAsync(plain)).Spectrogram);

        using var response = await host.Client.PostAsync("/v1/predict?spectrogram=true", TestUploads.Raw(bytes));
        var answer = await PredictionAssert.ReadAsync(response);
        PredictionAssert.Equal(model.Expected(model.Probes[2]), answer); // asking for it changes nothing else
        var spectrogram = answer.Spectrogram!;
        Assert.Equal(64, spectrogram.Bands);
        Assert.Equal(22050, spectrogram.SampleRate);
        Assert.Equal(1 + 2 * 22050 / 512, spectrogram.Frames); // librosa's centred frames of 2 s at hop 512
        Assert.Equal(512.0 / 22050, spectrogram.SecondsPerFrame, 12);
        Assert.Equal(80, spectrogram.MaxDb - spectrogram.MinDb, 3);
        var cells = Convert.FromBase64String(spectrogram.Values);
        Assert.Equal(spectrogram.Bands * spectrogram.Frames, cells.Length);
        Assert.Contains((byte)255, cells);
        Assert.True(cells.Distinct().Count() > 50, "the spectrogram is nearly flat");
    }

    internal static async Task<JsonElement> AssertProblem(HttpResponseMessage response, HttpStatusCode status, string reason, string detailContains)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode} instead of {(int)status}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Equal(reason, problem.GetProperty("reason").GetString());
        Assert.Contains(detailContains, problem.GetProperty("detail").GetString());
        return problem;
    }
}
