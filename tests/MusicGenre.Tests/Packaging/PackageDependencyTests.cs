using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;
using System.Text.Json;
using System.Xml.Linq;
using MusicGenre.Reporting;
using MusicGenre.Tests.TestInfrastructure;

namespace MusicGenre.Tests.Packaging;

/// <summary>
/// What each package asks its users to install, read from the packages <c>dotnet pack</c> makes of the assemblies this
/// test run built (<c>--no-build</c>: seconds, and nothing in the repository's bin/ or obj/ changes). The core package
/// must not bring plotting or its natives (ScottPlot, SkiaSharp, HarfBuzz) to applications that only predict; the
/// Reporting package carries them; the service package needs only the core and ASP.NET Core's shared framework, and
/// the Orleans package needs neither plotting nor Reporting. Skipped when <c>dotnet</c> or the sources are absent.
/// </summary>
public class PackageDependencyTests
{
    /// <summary>Package id prefixes of plotting and its native graphics libraries.</summary>
    private static readonly string[] Plotting = ["ScottPlot", "SkiaSharp", "HarfBuzz"];

    [SkippableFact]
    public void TheCorePackageDependsOnNoPlottingPackage()
    {
        using var temp = new TempFolder();
        var package = Pack("MusicGenre", temp);
        var dependencies = NuspecDependencies(package);

        Assert.Contains("Microsoft.ML", dependencies); // the nuspec was read
        Assert.Contains("TorchSharp", dependencies);
        var plotting = dependencies.Where(IsPlotting).ToList();
        Assert.True(plotting.Count == 0, $"MusicGenre's nuspec depends on {string.Join(", ", plotting)}: plots belong in MusicGenre.Reporting.");
    }

    /// <summary>
    /// The restored graph behind the core package: ScottPlot and HarfBuzz nowhere; SkiaSharp only below TorchSharp
    /// (TorchSharp 0.107 itself depends on SkiaSharp 2.88 for torchvision's image I/O, managed code plus Windows and
    /// macOS natives; nothing of MusicGenre's may add more).
    /// </summary>
    [SkippableFact]
    public void TheCorePackagesDependencyGraphHasSkiaSharpOnlyThroughTorchSharp()
    {
        var assets = Path.Combine(SharedData.RepoRoot, "src", "MusicGenre", "obj", "project.assets.json");
        Skip.IfNot(File.Exists(assets), $"the library has not been restored here ({assets} is absent)");
        using var json = JsonDocument.Parse(File.ReadAllText(assets));
        var packages = json.RootElement.GetProperty("targets").EnumerateObject().First().Value;
        var dependenciesOf = packages.EnumerateObject().ToDictionary(
            p => p.Name.Split('/')[0],
            p => p.Value.TryGetProperty("dependencies", out var d) ? d.EnumerateObject().Select(x => x.Name).ToArray() : [],
            StringComparer.OrdinalIgnoreCase);
        var direct = json.RootElement.GetProperty("project").GetProperty("frameworks").EnumerateObject().First().Value
            .GetProperty("dependencies").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("TorchSharp", direct, StringComparer.OrdinalIgnoreCase);

        var problems = new List<string>();
        foreach (var root in direct)
            foreach (var reached in Closure(root, dependenciesOf).Where(IsPlotting))
                if (!(root.Equals("TorchSharp", StringComparison.OrdinalIgnoreCase) && reached.StartsWith("SkiaSharp", StringComparison.OrdinalIgnoreCase)))
                    problems.Add($"{root} → {reached}");
        Assert.True(problems.Count == 0, "The core package's dependencies bring plotting: " + string.Join(", ", problems));
    }

    [SkippableFact]
    public void TheReportingPackageDependsOnTheCoreAndScottPlotAndCarriesItsDocs()
    {
        using var temp = new TempFolder();
        var package = Pack("MusicGenre.Reporting", temp);
        var dependencies = NuspecDependencies(package);
        Assert.Contains("MusicGenre", dependencies);
        Assert.Contains("ScottPlot", dependencies);

        using var zip = ZipFile.OpenRead(package);
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("lib/net10.0/MusicGenre.Reporting.dll", entries);
        Assert.Contains("lib/net10.0/MusicGenre.Reporting.xml", entries);
    }

    [SkippableFact]
    public void TheOrleansPackageDependsOnTheCoreAndOrleansWithoutPlottingAndCarriesItsDocs()
    {
        using var temp = new TempFolder();
        var package = Pack("MusicGenre.Orleans", temp);
        var dependencies = NuspecDependencies(package);
        Assert.Contains("MusicGenre", dependencies);
        Assert.Contains("Microsoft.Orleans.Server", dependencies);
        Assert.Contains("Microsoft.Orleans.Clustering.Redis", dependencies);
        Assert.DoesNotContain("MusicGenre.Reporting", dependencies);
        Assert.DoesNotContain(dependencies, IsPlotting);

        using var zip = ZipFile.OpenRead(package);
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("lib/net10.0/MusicGenre.Orleans.dll", entries);
        Assert.Contains("lib/net10.0/MusicGenre.Orleans.xml", entries);
    }

    /// <summary>
    /// The service package asks for nothing beyond the core package and ASP.NET Core's shared framework (a framework
    /// reference, not a package), and carries its XML docs and its README.
    /// </summary>
    [SkippableFact]
    public void TheAspNetCorePackageDependsOnTheCoreAndTheSharedFrameworkOnly()
    {
        using var temp = new TempFolder();
        var package = Pack("MusicGenre.AspNetCore", temp);
        Assert.Equal(["MusicGenre"], NuspecDependencies(package));

        using var zip = ZipFile.OpenRead(package);
        using (var nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/')).Open())
        {
            var frameworks = XDocument.Load(nuspec).Descendants().Where(e => e.Name.LocalName == "frameworkReference")
                .Select(e => (string)e.Attribute("name")!).Distinct().ToList();
            Assert.Equal(["Microsoft.AspNetCore.App"], frameworks);
        }
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("lib/net10.0/MusicGenre.AspNetCore.dll", entries);
        Assert.Contains("lib/net10.0/MusicGenre.AspNetCore.xml", entries);
        Assert.Contains("README.md", entries);
    }

    private static bool IsPlotting(string id) => Plotting.Any(p => id.StartsWith(p, StringComparison.OrdinalIgnoreCase));

    private static HashSet<string> Closure(string root, IReadOnlyDictionary<string, string[]> dependenciesOf)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Stack<string>([root]);
        while (pending.TryPop(out var id))
            if (seen.Add(id) && dependenciesOf.TryGetValue(id, out var next))
                foreach (var n in next) pending.Push(n);
        return seen;
    }

    /// <summary>Every dependency id in the package's nuspec (all target groups).</summary>
    private static List<string> NuspecDependencies(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        var entry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/'));
        using var stream = entry.Open();
        return XDocument.Load(stream).Descendants().Where(e => e.Name.LocalName == "dependency")
            .Select(e => (string)e.Attribute("id")!).Distinct().ToList();
    }

    /// <summary>Packs <c>src/<paramref name="project"/></c> from the build this test run made; returns the .nupkg path.</summary>
    private static string Pack(string project, TempFolder temp)
    {
        var dotnet = DotnetProcess.FindOnPath();
        Skip.If(dotnet is null, "dotnet is not on PATH");
        var csproj = Path.Combine(SharedData.RepoRoot, "src", project, project + ".csproj");
        Skip.IfNot(File.Exists(csproj), $"the sources are not above the test assembly (looked for {csproj})");
        var configuration = typeof(RunReport).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

        var feed = temp.Combine("feed");
        var start = DotnetProcess.Start(dotnet!, temp.Path,
            ["pack", csproj, "-c", configuration, "--no-build", "--no-restore", "-nodeReuse:false", "-o", feed, $"-p:NuspecOutputPath={temp.Combine("nuspec")}/"]);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet pack {project} took over 2 minutes");
        }
        Assert.True(process.ExitCode == 0, $"dotnet pack {project} exited with {process.ExitCode}:\n{stdout.Result}\n{stderr.Result}");
        return Directory.GetFiles(feed, "*.nupkg").Single();
    }
}
