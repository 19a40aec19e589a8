using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using MusicGenre.Cli;
using MusicGenre.Cli.Modeling;
using MusicGenre.MLNet.Persistence;
using MusicGenre.Tests.TestInfrastructure;

namespace MusicGenre.Tests.Cli;

/// <summary>
/// The musicnn transfer-learning models through the tool, in-process: real GTZAN clips and the real weights from
/// ../shared, with one 3 s patch per clip to keep each test short (musicnn costs ~0.3-1 s per patch on 2 loaded cores).
/// </summary>
public class CliMusicnnTests
{
    private static readonly string[] Genres = ["blues", "classical", "metal"];

    /// <summary>A CSV manifest of the first <paramref name="clips"/> gtzan-mini clips of each genre.</summary>
    private static string Manifest(TempFolder dir, IReadOnlyList<string> genres, int clips)
    {
        var lines = new List<string> { "path,label" };
        foreach (var genre in genres)
            for (var i = 0; i < clips; i++) lines.Add($"{SharedData.GtzanClip($"{genre}.{i:00000}")},{genre}");
        return dir.Text("mini.csv", string.Join('\n', lines) + "\n");
    }

    [SkippableFact]
    public async Task MusicnnLinear_TrainsOnRealClips_ThenPredictEvaluateAndInfoUseTheSavedFile()
    {
        var weights = SharedData.Musicnn("MSD_musicnn.h5");
        using var dir = new TempFolder();
        var data = Manifest(dir, Genres, clips: 4);
        var model = dir.Combine("out", "musicnn.mgmodel");
        var (code, output) = await CliRunner.Run("train", "--data", data, "--model", "musicnn-linear", "--musicnn-weights", weights,
            "--musicnn-max-patches", "1", "--valid-fraction", "0", "--test-fraction", "0.25", "--out", model, "--report", dir.Combine("report"));
        Assert.True(code == ExitCodes.Ok, output);
        Assert.Contains("ISC licence", output);
        Assert.Contains("musicnn-linear on mini", output);
        Assert.True(File.Exists(dir.Combine("report", "report.md")));
        using (var zip = ZipFile.OpenRead(model))
            Assert.NotNull(zip.GetEntry("steps/1/musicnn.bin")); // the weights travel with the model
        var manifest = GenreModelInfo.Read(model);
        Assert.Equal(ModelKinds.MusicnnLinear, manifest.Kind);
        Assert.Equal(Genres, manifest.Genres.Order());
        Assert.Equal("musicgenre train", manifest.Metadata.TrainedBy);

        // Held-out clips (index 5, not in the manifest) of two very different genres.
        var metal = SharedData.GtzanClip("metal.00005");
        var classical = SharedData.GtzanClip("classical.00005");
        var (pcode, json) = await CliRunner.Run("predict", model, metal, classical, "--json");
        Assert.True(pcode == ExitCodes.Ok, json);
        using var doc = JsonDocument.Parse(json);
        var predictions = doc.RootElement.GetProperty("predictions");
        Assert.Equal(2, predictions.GetArrayLength());
        var byPath = predictions.EnumerateArray().ToDictionary(p => p.GetProperty("path").GetString()!, p => p);
        Assert.Equal("metal", byPath[metal].GetProperty("genre").GetString());
        Assert.Equal("classical", byPath[classical].GetProperty("genre").GetString());
        var total = byPath[metal].GetProperty("top").EnumerateArray().Sum(t => t.GetProperty("probability").GetDouble());
        Assert.InRange(total, 0.999, 1.001); // --top 3 of 3 genres: the whole distribution
        Assert.Contains("ISC", doc.RootElement.GetProperty("weights_license").GetString());

        var (ecode, eoutput) = await CliRunner.Run("evaluate", model, "--data", data, "--report", dir.Combine("eval"));
        Assert.True(ecode == ExitCodes.Ok, eoutput);
        Assert.Contains("over 12 test tracks", eoutput);

        var (icode, info) = await CliRunner.Run("info", model);
        Assert.True(icode == ExitCodes.Ok, info);
        Assert.Contains("musicnn-linear", info);
        Assert.Contains("pretrained MSD musicnn (frozen)", info);
        Assert.Contains("at most 1 per track", info);
        Assert.Contains("ISC", info);
    }

    [SkippableFact]
    public async Task MusicnnFineTune_TrainsAndSavesAModelThatPredicts()
    {
        var weights = SharedData.Musicnn("MSD_musicnn.h5");
        using var dir = new TempFolder();
        var data = Manifest(dir, ["classical", "metal"], clips: 3);
        var model = dir.Combine("finetuned.mgmodel");
        var (code, output) = await CliRunner.Run("train", "--data", data, "--model", "musicnn-finetune", "--epochs", "1", "--musicnn-weights", weights,
            "--musicnn-max-patches", "1", "--valid-fraction", "0", "--test-fraction", "0.34", "--out", model, "--report", dir.Combine("report"));
        Assert.True(code == ExitCodes.Ok, output);
        Assert.Contains("musicnn-finetune epoch   1/1", output);
        Assert.Equal(ModelKinds.MusicnnFineTune, GenreModelInfo.Read(model).Kind);

        var (pcode, poutput) = await CliRunner.Run("predict", model, SharedData.GtzanClip("metal.00005"));
        Assert.True(pcode == ExitCodes.Ok, poutput);
        Assert.Contains("metal.00005.wav", poutput);
        Assert.Contains("ISC licence", poutput);
        var (icode, info) = await CliRunner.Run("info", model);
        Assert.True(icode == ExitCodes.Ok, info);
        Assert.Contains("fine-tuned", info);
    }

    [SkippableFact]
    public void MusicnnLinear_SavedChainScoresLikeTheTrainedModel()
    {
        var weights = SharedData.Musicnn("MSD_musicnn.h5");
        var train = new[] { "classical.00000", "classical.00001", "metal.00000", "metal.00001" }
            .Select(id => new MusicGenre.Datasets.GenreTrack(SharedData.GtzanClip(id), id.Split('.')[0])).ToList();
        var settings = new TrainSettings { Kind = ModelKinds.MusicnnLinear, MusicnnWeights = weights, MusicnnMaxPatches = 1 };
        var stages = new List<(string Stage, double Done)>();
        using var dir = new TempFolder();
        var path = dir.Combine("linear.mgmodel");
        var probe = SharedData.GtzanClip("metal.00006");
        float[] trained;
        using (var model = MusicnnModelTrainer.Train(train, [], settings, (s, d, _) => stages.Add((s, d)), null, null, CancellationToken.None))
        {
            trained = model.Predict(probe, CancellationToken.None).Probabilities; // remembered frozen embedding + head, in process
            model.Save(path, new MusicGenre.MLNet.Persistence.GenreModelMetadata { TrainedBy = "test" });
        }
        Assert.Contains(stages, s => s.Stage.Contains("musicnn embeddings") && s.Done == train.Count); // progress per track
        using var loaded = GenrePredictor.Load(path);
        Assert.Equal(["classical", "metal"], loaded.Genres.Order());
        var prediction = loaded.Predict(probe); // the saved chain: LoadAudio → MusicnnEmbedding → head
        var reloaded = TrackPrediction.From(prediction, ["classical", "metal"]).Probabilities;
        Assert.Equal(trained.Length, reloaded.Length);
        for (var i = 0; i < trained.Length; i++) Assert.Equal(trained[i], reloaded[i], 1e-4f);
    }

    [SkippableFact]
    public async Task MusicnnLinear_SkipsAnUnreadableTrainingTrackAndListsIt()
    {
        var weights = SharedData.Musicnn("MSD_musicnn.h5");
        using var dir = new TempFolder();
        var broken = dir.Text("broken.wav", "this is not audio");
        var lines = new List<string> { "path,label", $"{broken},metal" };
        foreach (var genre in new[] { "classical", "metal" })
            for (var i = 0; i < 3; i++) lines.Add($"{SharedData.GtzanClip($"{genre}.{i:00000}")},{genre}");
        var data = dir.Text("with-broken.csv", string.Join('\n', lines) + "\n");
        // kfold:2 puts the broken file in a training part once.
        var (code, output) = await CliRunner.Run("train", "--data", data, "--model", "musicnn-linear", "--musicnn-weights", weights, "--musicnn-max-patches", "1",
            "--split", "kfold:2", "--valid-fraction", "0", "--report", dir.Combine("report"));
        Assert.True(code == ExitCodes.Ok, output);
        Assert.Contains("left out", output);
        Assert.Contains("broken.wav", output);
        Assert.Contains("Across 2 folds", output);
    }

    [SkippableFact]
    public async Task Training_StopsWithExitCode130WhenCancelled()
    {
        var weights = SharedData.Musicnn("MSD_musicnn.h5");
        using var dir = new TempFolder();
        var data = Manifest(dir, Genres, clips: 4);
        // Cancelled when the embedding pass reports its first progress (12 tracks × 10 patches): a fixed delay raced
        // the faster musicnn path, which could finish all of it first.
        using var cts = new CancellationTokenSource();
        var writer = new CancelOnText(cts, "musicnn embeddings");
        var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings { Out = new Spectre.Console.AnsiConsoleOutput(writer) });
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var code = await CliApp.RunAsync(["train", "--data", data, "--model", "musicnn-linear", "--musicnn-weights", weights, "--valid-fraction", "0",
            "--test-fraction", "0.25", "--report", dir.Combine("report")], console, cts.Token);
        Assert.True(code == ExitCodes.Cancelled, writer.ToString());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(25), $"took {watch.Elapsed} to stop"); // stops between tracks, not after all 9
        Assert.False(File.Exists(dir.Combine("report", "musicnn-linear.mgmodel")));
    }

    [Fact]
    public async Task WithoutWeightsAndOffline_TheErrorSaysWhatFailedAndHowToGiveTheFile()
    {
        using var dir = new TempFolder();
        var data = CliTestData.Write(dir, classes: 2, clips: 3, seconds: 0.5);
        var port = ClosedPort();
        var (code, output) = await CliRunner.Run("train", "--data", data, "--model", "musicnn-linear", "--musicnn-cache", dir.Combine("weights"),
            "--musicnn-url", $"http://127.0.0.1:{port}/MSD_musicnn.h5", "--valid-fraction", "0", "--test-fraction", "0.34", "--report", dir.Combine("report"));
        Assert.Equal(ExitCodes.Error, code);
        var flat = string.Join(' ', output.Split((char[])['\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));
        Assert.Contains($"Could not download the musicnn weights from http://127.0.0.1:{port}/MSD_musicnn.h5", flat);
        Assert.Contains("--musicnn-weights PATH", flat);
        Assert.False(File.Exists(dir.Combine("weights", "MSD_musicnn.h5")));
    }

    [Fact]
    public void ModelNames_IncludeTheMusicnnKinds()
    {
        Assert.Equal(ModelKinds.MusicnnLinear, ModelKinds.Parse("musicnn-linear"));
        Assert.Equal(ModelKinds.MusicnnFineTune, ModelKinds.Parse("MUSICNN_FINETUNE"));
        Assert.True(ModelKinds.IsMusicnn(ModelKinds.MusicnnLinear));
        Assert.False(ModelKinds.IsNeural(ModelKinds.MusicnnFineTune));
        var error = Assert.Throws<CliException>(() => ModelKinds.Parse("musicnn-large"));
        Assert.Contains("musicnn-linear, musicnn-finetune", error.Message);
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>A console output that cancels <paramref name="cts"/> once <paramref name="text"/> has been written.</summary>
    private sealed class CancelOnText(CancellationTokenSource cts, string text) : StringWriter
    {
        public override void Write(char value)
        {
            base.Write(value);
            Check();
        }

        public override void Write(char[] buffer, int index, int count)
        {
            base.Write(buffer, index, count);
            Check();
        }

        public override void Write(string? value)
        {
            base.Write(value);
            Check();
        }

        private void Check()
        {
            if (!cts.IsCancellationRequested && GetStringBuilder().ToString().Contains(text, StringComparison.Ordinal)) cts.Cancel();
        }
    }
}
