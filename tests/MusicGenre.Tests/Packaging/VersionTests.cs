using System.Xml.Linq;
using MusicGenre.AspNetCore;
using MusicGenre.MLNet.Persistence;
using MusicGenre.Reporting;
using MusicGenre.Tests.TestInfrastructure;

namespace MusicGenre.Tests.Packaging;

/// <summary>One version, set in Directory.Build.props, is what every assembly carries and what model files record.</summary>
public class VersionTests
{
    [SkippableFact]
    public void EveryAssemblyAndEveryModelFileCarriesTheVersionOfDirectoryBuildProps()
    {
        var props = Path.Combine(SharedData.RepoRoot, "Directory.Build.props");
        Skip.IfNot(File.Exists(props), $"the sources are not above the test assembly (looked for {props})");
        var version = XDocument.Load(props).Descendants("Version").Single().Value;
        Assert.Matches(@"^\d+\.\d+\.\d+$", version);

        foreach (var assembly in new[] { typeof(GenrePredictor).Assembly, typeof(RunReport).Assembly, typeof(GenrePredictionOptions).Assembly, typeof(MusicGenre.Orleans.Batch.GenreBatch).Assembly, typeof(MusicGenre.Cli.CliApp).Assembly })
            Assert.Equal(version, assembly.GetName().Version!.ToString(3));
        Assert.Equal(version, GenreModelWriter.LibraryVersion);
        Assert.Equal(version, MusicGenre.Cli.Modeling.TrainingRunner.ToolVersion);
    }
}
