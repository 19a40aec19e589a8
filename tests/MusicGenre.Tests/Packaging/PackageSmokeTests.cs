using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.ML;
using MusicGenre.Datasets;
using MusicGenre.MLNet;
using MusicGenre.MLNet.Persistence;
using MusicGenre.Tests.TestInfrastructure;
using MusicGenre.Torch;
using MusicGenre.Training;
using Xunit.Abstractions;

namespace MusicGenre.Tests.Packaging;

/// <summary>
/// The NuGet package as a user gets it: pack src/MusicGenre into a temporary folder feed, build a throwaway console
/// app that references the package (not the project) plus libtorch-cpu, and let it load a model saved here and predict
/// a clip. Proves the package's contents, its buildTransitive native fix (TorchSharp must load in the app on glibc
/// older than GCC 13) and model loading across processes. Skipped when <c>dotnet</c> is not on PATH or when
/// MUSICGENRE_SKIP_PACKAGE_TEST=1.
/// </summary>
public class PackageSmokeTests(ITestOutputHelper output)
{
    private const string SkipVariable = "MUSICGENRE_SKIP_PACKAGE_TEST";
    private const string LibTorchVersion = "2.10.0";

    [SkippableFact]
    public async Task PackedPackageLoadsASavedModelAndPredictsLikeTheLibrary()
    {
        Skip.If(Environment.GetEnvironmentVariable(SkipVariable) == "1", $"{SkipVariable}=1");
        var dotnet = DotnetProcess.FindOnPath();
        Skip.If(dotnet is null, "dotnet is not on PATH");
        var libTorch = LibTorchPackage();
        Skip.If(libTorch is null, $"no libtorch-cpu package for {RuntimeInformation.OSDescription} / {RuntimeInformation.ProcessArchitecture}");

        var project = Path.Combine(SharedData.RepoRoot, "src", "MusicGenre", "MusicGenre.csproj");
        Skip.IfNot(File.Exists(project), $"the library's sources are not above the test assembly (looked for {project})");

        using var temp = new TempFolder();
        var clock = Stopwatch.StartNew();

        // 1. A tiny model trained and saved here, and the prediction the library makes for a new clip.
        var (modelPath, clipPath, expectedGenre, expectedScores) = TrainTinyModel(temp);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: trained and saved the model; in-process prediction {expectedGenre}");

        // 2. Pack the library with a version no cache can hold yet. Its build goes to the temp folder and it reuses the
        //    restore the test build made (--no-restore), so the repository's bin/ and obj/ are left as they are.
        var released = typeof(GenrePredictor).Assembly.GetName().Version!;
        var version = $"{released.Major}.{released.Minor}.{released.Build}-smoke{DateTime.UtcNow.Ticks}";
        var feed = temp.Combine("feed");
        await Run(dotnet!, temp.Path, "pack", project, "-c", "Release", "-o", feed, "--no-restore", "-nodeReuse:false",
            $"-p:Version={version}", $"-p:OutputPath={temp.Combine("pack-bin")}/", $"-p:IntermediateOutputPath={temp.Combine("pack-obj")}/");
        Assert.True(File.Exists(Path.Combine(feed, $"MusicGenre.{version}.nupkg")), "pack made no MusicGenre package");
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: packed MusicGenre {version}");

        try
        {
            await BuildAndRunApp(dotnet!, temp, feed, version, libTorch!, modelPath, clipPath, expectedGenre, expectedScores, clock);
        }
        finally
        {
            // The unique version was extracted into the global packages folder by the app's restore: remove that copy only.
            var cached = Path.Combine(GlobalPackagesFolder(), "musicgenre", version.ToLowerInvariant());
            if (Directory.Exists(cached)) Directory.Delete(cached, recursive: true);
        }
    }

    private async Task BuildAndRunApp(string dotnet, TempFolder temp, string feed, string version, string libTorch,
        string modelPath, string clipPath, string expectedGenre, float[] expectedScores, Stopwatch clock)
    {
        // 3. The throwaway app: its own NuGet.Config (the temp feed + nuget.org), PackageReferences only.
        var app = temp.Combine("app");
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(app, "NuGet.Config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="smoke-feed" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(app, "SmokeApp.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="MusicGenre" Version="[{version}]" />
                <PackageReference Include="{libTorch}" Version="{LibTorchVersion}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using System.Globalization;
            using Microsoft.ML;
            using MusicGenre.MLNet.Persistence;

            var ml = new MLContext();
            var model = ml.Model.LoadGenreModel(args[0], out _, MusicGenre.Torch.ComputeDevice.Cpu);
            using var engine = ml.Model.CreatePredictionEngine<Input, Output>(model);
            var prediction = engine.Predict(new Input { Path = args[1] });
            Console.WriteLine("GENRE=" + prediction.PredictedGenre);
            Console.WriteLine("SCORES=" + string.Join(";", prediction.Score.Select(s => s.ToString("R", CultureInfo.InvariantCulture))));
            return 0;

            public sealed class Input { public string Path { get; set; } = ""; public string Label { get; set; } = ""; }
            public sealed class Output { public float[] Score { get; set; } = []; public string PredictedGenre { get; set; } = ""; }
            """);
        await Run(dotnet, app, "build", "-c", "Release", "-nodeReuse:false", "-o", temp.Combine("app-bin"));
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: built the app against the package");
        // An application that only predicts ships no plotting: no ScottPlot, no HarfBuzz (SkiaSharp comes with TorchSharp).
        var plotting = Directory.EnumerateFiles(temp.Combine("app-bin"), "*", SearchOption.AllDirectories)
            .Select(Path.GetFileName).Where(f => f!.Contains("ScottPlot", StringComparison.OrdinalIgnoreCase) || f.Contains("HarfBuzz", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(plotting.Count == 0, "The app built against MusicGenre ships plotting: " + string.Join(", ", plotting));

        // 4. Run it: it must load TorchSharp (the package's native fix), the model, and predict what the library predicted.
        var printed = await Run(dotnet, app, Path.Combine(temp.Combine("app-bin"), "SmokeApp.dll"), modelPath, clipPath);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: the app printed:\n{printed}");
        var lines = printed.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Equal(expectedGenre, lines.Single(l => l.StartsWith("GENRE=", StringComparison.Ordinal))["GENRE=".Length..]);
        var scores = lines.Single(l => l.StartsWith("SCORES=", StringComparison.Ordinal))["SCORES=".Length..]
            .Split(';').Select(s => float.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(expectedScores.Length, scores.Length);
        for (int i = 0; i < scores.Length; i++) Assert.Equal(expectedScores[i], scores[i], 1e-5f);
    }

    /// <summary>One epoch of the CNN-LSTM on six short synthetic clips (3 classes): enough for a model file, not for accuracy.</summary>
    private static (string Model, string Clip, string Genre, float[] Scores) TrainTinyModel(TempFolder temp)
    {
        var generator = new SyntheticGenresOptions { ClipsPerGenre = 2, DurationSeconds = 4.5, Seed = 3 };
        string[] labels = ["drone", "march", "waltz"];
        var rows = new List<TrackRow>();
        foreach (var label in labels)
            for (int i = 0; i < generator.ClipsPerGenre; i++)
            {
                var clip = SyntheticGenres.GenerateClip(label, i, generator);
                var path = temp.Combine(clip.Id + ".wav");
                WavFileWriter.Write(path, clip.Samples, clip.SampleRate);
                rows.Add(new TrackRow { Path = path, Label = label });
            }
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.Transforms.LoadAudio("Samples", nameof(TrackRow.Path))
            .Append(ml.Transforms.MelSpectrogram("Features", "Samples", nMels: 64))
            .Append(ml.Transforms.Conversion.MapValueToKey("Label"))
            .Append(ml.MulticlassClassification.Trainers.CnnLstm(new GenreTrainerOptions { Epochs = 1, BatchSize = 6, Seed = 1, Device = ComputeDevice.Cpu }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedGenre", "PredictedLabel"))
            .Fit(data);
        var modelPath = temp.Combine("tiny.mgmodel");
        ml.Model.SaveGenreModel(model, data.Schema, modelPath);

        var fresh = SyntheticGenres.GenerateClip("march", 500, generator);
        var clipPath = temp.Combine("new-clip.wav");
        WavFileWriter.Write(clipPath, fresh.Samples, fresh.SampleRate);
        using var engine = ml.Model.CreatePredictionEngine<TrackRow, Prediction>(model);
        var prediction = engine.Predict(new TrackRow { Path = clipPath });
        return (modelPath, clipPath, prediction.PredictedGenre, prediction.Score);
    }

    /// <summary>Runs a command to completion (3 min at most); fails the test with its output when it exits non-zero.</summary>
    private async Task<string> Run(string fileName, string workingDirectory, params string[] arguments)
    {
        var start = DotnetProcess.Start(fileName, workingDirectory, arguments);

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{fileName} {string.Join(' ', arguments)}' took over 3 minutes:\n{await stdout}\n{await stderr}");
        }
        string text = await stdout, errors = await stderr;
        if (process.ExitCode != 0) output.WriteLine(text + "\n" + errors);
        Assert.True(process.ExitCode == 0, $"'{Path.GetFileName(fileName)} {string.Join(' ', arguments)}' exited with {process.ExitCode}:\n{text}\n{errors}");
        return text;
    }

    private static string GlobalPackagesFolder()
        => Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } folder
            ? folder
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static string? LibTorchPackage() => (RuntimeInformation.ProcessArchitecture, OperatingSystem.IsLinux(), OperatingSystem.IsWindows(), OperatingSystem.IsMacOS()) switch
    {
        (Architecture.X64, true, _, _) => "libtorch-cpu-linux-x64",
        (Architecture.X64, _, true, _) => "libtorch-cpu-win-x64",
        (Architecture.Arm64, _, _, true) => "libtorch-cpu-osx-arm64",
        _ => null,
    };

    public sealed class TrackRow
    {
        public string Path { get; set; } = "";
        public string Label { get; set; } = "";
    }

    public sealed class Prediction
    {
        public float[] Score { get; set; } = [];
        public string PredictedGenre { get; set; } = "";
    }
}
