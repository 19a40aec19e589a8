using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MusicGenre.MLNet;
using MusicGenre.MLNet.Persistence;
using MusicGenre.Tests.TestInfrastructure;
using static MusicGenre.Tests.MLNet.FeaturizerTestData;

namespace MusicGenre.Tests.MLNet;

/// <summary>
/// Fit → SaveGenreModel → LoadGenreModel → compare for LoadAudio + MelSpectrogram chains: in a fresh MLContext, and in a fresh process
/// (this test assembly run again by <c>dotnet test</c> with a filter selecting <see cref="ChildProcessLoadsAndTransforms"/>).
/// </summary>
public class FeaturizerPersistenceTests
{
    private const string ModelVariable = "MUSICGENRE_CHILD_MODEL";
    private const string PathsVariable = "MUSICGENRE_CHILD_PATHS";
    private const string OutputVariable = "MUSICGENRE_CHILD_OUTPUT";

    [SkippableFact]
    public void SavedChainLoadsInAFreshContextWithIdenticalOutput()
    {
        var (modelPath, data, expected) = FitAndSave();
        try
        {
            var fresh = new MLContext();
            var loaded = fresh.Model.LoadGenreModel(modelPath, out var inputSchema);
            Assert.NotNull(inputSchema.GetColumnOrNull("Path"));
            var output = loaded.Transform(fresh.Data.LoadFromEnumerable(GtzanRows()));
            Assert.Equal(expected, Column(output, "Features"));
            Assert.Equal(new uint[] { 1, 2 }, output.GetColumn<uint>("LabelKey").ToArray());
            // The loaded step is the live one: same fixed type [64, 431] and annotations (a plain ML.NET load lost both).
            var type = Assert.IsType<VectorDataViewType>(output.Schema["Features"].Type);
            Assert.Equal([64, 431], type.Dimensions.ToArray());
            Assert.Equal(64, MelSpectrogramAnnotations.Read(output.Schema["Features"], MelSpectrogramAnnotations.NMels));

            // A loaded model saves and loads again, again.
            var again = Path.ChangeExtension(modelPath, ".again.zip");
            fresh.Model.SaveGenreModel(loaded, inputSchema, again);
            var third = new MLContext().Model.LoadGenreModel(again, out _);
            Assert.Equal(expected, Column(third.Transform(data), "Features"));
            File.Delete(again);
        }
        finally
        {
            File.Delete(modelPath);
        }
    }

    [SkippableFact]
    public void SavedChainLoadsInAFreshProcessWithIdenticalOutput()
    {
        var (modelPath, _, expected) = FitAndSave();
        var outputPath = Path.Combine(Path.GetTempPath(), $"musicgenre-child-{Guid.NewGuid():N}.bin");
        try
        {
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[] { "test", typeof(FeaturizerPersistenceTests).Assembly.Location, "--filter", $"FullyQualifiedName={typeof(FeaturizerPersistenceTests).FullName}.{nameof(ChildProcessLoadsAndTransforms)}" })
                start.ArgumentList.Add(arg);
            start.Environment[ModelVariable] = modelPath;
            start.Environment[PathsVariable] = string.Join(Path.PathSeparator, GtzanRows().Select(r => r.Path));
            start.Environment[OutputVariable] = outputPath;
            using var child = Process.Start(start)!;
            var stdout = child.StandardOutput.ReadToEndAsync();
            var stderr = child.StandardError.ReadToEndAsync();
            Assert.True(child.WaitForExit(TimeSpan.FromMinutes(2)), "the child process did not finish in 2 minutes");
            Assert.True(child.ExitCode == 0 && File.Exists(outputPath), $"child failed ({child.ExitCode}):\n{stdout.Result}\n{stderr.Result}");

            Assert.Equal(expected, ReadRows(outputPath));
        }
        finally
        {
            File.Delete(modelPath);
            File.Delete(outputPath);
        }
    }

    /// <summary>Runs only as the child of <see cref="SavedChainLoadsInAFreshProcessWithIdenticalOutput"/>.</summary>
    [SkippableFact]
    public void ChildProcessLoadsAndTransforms()
    {
        var modelPath = Environment.GetEnvironmentVariable(ModelVariable);
        Skip.If(string.IsNullOrEmpty(modelPath), "runs only as a child process of the persistence test");
        var ml = new MLContext();
        var model = ml.Model.LoadGenreModel(modelPath, out _);
        var rows = Environment.GetEnvironmentVariable(PathsVariable)!.Split(Path.PathSeparator)
            .Select(p => new PathRow { Path = p, Label = "x" });
        var features = Column(model.Transform(ml.Data.LoadFromEnumerable(rows)), "Features");
        WriteRows(Environment.GetEnvironmentVariable(OutputVariable)!, features);
    }

    private static (string ModelPath, IDataView Data, List<float[]> Expected) FitAndSave()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(GtzanRows());
        var pipeline = ml.Transforms.LoadAudio("Samples", "Path", new MusicGenre.Audio.AudioLoadOptions { Duration = 10 })
            .Append(ml.Transforms.MelSpectrogram("Features", "Samples", new MelSpectrogramTransformOptions
            {
                Mel = new MusicGenre.Features.MelSpectrogramOptions { NMels = 64 }, FixedDuration = 10,
            }))
            .Append(ml.Transforms.Conversion.MapValueToKey("LabelKey", "Label"))
            .Append(ml.Transforms.DropColumns("Samples"));
        var model = pipeline.Fit(data);
        var expected = Column(model.Transform(data), "Features");
        Assert.Equal(2, expected.Count);
        Assert.All(expected, row => Assert.Equal(64 * 431, row.Length));
        var path = Path.Combine(Path.GetTempPath(), $"musicgenre-featurizer-{Guid.NewGuid():N}.zip");
        ml.Model.SaveGenreModel(model, data.Schema, path);
        return (path, data, expected);
    }

    private static void WriteRows(string path, List<float[]> rows)
    {
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(rows.Count);
        foreach (var row in rows)
        {
            writer.Write(row.Length);
            foreach (var v in row) writer.Write(v);
        }
    }

    private static List<float[]> ReadRows(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        var rows = new List<float[]>();
        for (int r = reader.ReadInt32(); r > 0; r--)
        {
            var row = new float[reader.ReadInt32()];
            for (int i = 0; i < row.Length; i++) row[i] = reader.ReadSingle();
            rows.Add(row);
        }
        return rows;
    }
}
