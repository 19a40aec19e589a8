using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MusicGenre.MLNet.Persistence;
using MusicGenre.Tests.Training;
using MusicGenre.Torch;

namespace MusicGenre.Tests.MLNet;

/// <summary>
/// Save → load in a fresh process → save again there → load here: identical scores at every step. The child is this
/// test assembly run again by <c>dotnet test</c> with a filter selecting <see cref="ChildLoadsScoresAndSavesAgain"/>.
/// </summary>
public class TrainerFreshProcessTests(TrainerFixture fixture) : IClassFixture<TrainerFixture>
{
    private const string ModelVariable = "MUSICGENRE_TRAINER_CHILD_MODEL";
    private const string ScoresVariable = "MUSICGENRE_TRAINER_CHILD_SCORES";
    private const string ResavedVariable = "MUSICGENRE_TRAINER_CHILD_RESAVED";

    [Fact]
    public async Task SavedModelLoadsInAFreshProcessAndItsResaveLoadsBack()
    {
        var folder = Directory.CreateTempSubdirectory("musicgenre-trainer-child-").FullName;
        try
        {
            string model = Path.Combine(folder, "model.zip"), scores = Path.Combine(folder, "scores.bin"), resaved = Path.Combine(folder, "resaved.zip");
            fixture.MLContext.Model.SaveGenreModel(fixture.Model, fixture.Train.Schema, model);
            var expected = Scores(fixture.Model, fixture.Test);

            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { "test", typeof(TrainerFreshProcessTests).Assembly.Location, "--filter", $"FullyQualifiedName={typeof(TrainerChildProcess).FullName}.{nameof(TrainerChildProcess.ChildLoadsScoresAndSavesAgain)}" })
                start.ArgumentList.Add(arg);
            start.Environment[ModelVariable] = model;
            start.Environment[ScoresVariable] = scores;
            start.Environment[ResavedVariable] = resaved;
            using var child = Process.Start(start)!;
            var stdout = child.StandardOutput.ReadToEndAsync();
            var stderr = child.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await child.WaitForExitAsync(timeout.Token);
            string output = await stdout, errors = await stderr;
            Assert.True(child.ExitCode == 0 && File.Exists(scores) && File.Exists(resaved), $"child failed ({child.ExitCode}):\n{output}\n{errors}");

            Assert.Equal(expected, Read(scores));
            var context = new MLContext();
            var reloaded = context.Model.LoadGenreModel(resaved, out _, ComputeDevice.Cpu);
            Assert.Equal(expected, Scores(reloaded, context.Data.LoadFromEnumerable(fixture.TestRows)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    internal static float[][] Scores(ITransformer model, IDataView data)
        => model.Transform(data).GetColumn<VBuffer<float>>("Score").Select(v => v.DenseValues().ToArray()).ToArray();

    internal static void Write(string path, float[][] rows)
    {
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(rows.Length);
        foreach (var row in rows)
        {
            writer.Write(row.Length);
            foreach (var v in row) writer.Write(v);
        }
    }

    private static float[][] Read(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        var rows = new float[reader.ReadInt32()][];
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i] = new float[reader.ReadInt32()];
            for (int j = 0; j < rows[i].Length; j++) rows[i][j] = reader.ReadSingle();
        }
        return rows;
    }

    /// <summary>The child side; skips unless started by <see cref="SavedModelLoadsInAFreshProcessAndItsResaveLoadsBack"/>.</summary>
    public class TrainerChildProcess
    {
        [SkippableFact]
        public void ChildLoadsScoresAndSavesAgain()
        {
            var model = Environment.GetEnvironmentVariable(ModelVariable);
            Skip.If(string.IsNullOrEmpty(model), "runs only as the child process of the fresh-process persistence test");
            var context = new MLContext();
            var loaded = context.Model.LoadGenreModel(model, out var schema, ComputeDevice.Cpu);
            // The same rows as TrainerFixture.TestRows (deterministic generator).
            var rows = SyntheticSpectrograms.Make(3, 3, seed: 12, nMels: TrainerFixture.NMels, minFrames: 30, maxFrames: 130);
            Write(Environment.GetEnvironmentVariable(ScoresVariable)!, Scores(loaded, context.Data.LoadFromEnumerable(rows)));
            context.Model.SaveGenreModel(loaded, schema, Environment.GetEnvironmentVariable(ResavedVariable)!);
        }
    }
}
