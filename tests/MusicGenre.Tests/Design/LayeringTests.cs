using System.Reflection;
using System.Text.RegularExpressions;
using MusicGenre.AspNetCore;
using MusicGenre.Reporting;
using MusicGenre.Tests.TestInfrastructure;

namespace MusicGenre.Tests.Design;

/// <summary>
/// The layers of <see cref="Layers.Order"/> hold: no namespace of the shipped assemblies uses one above it, in the
/// compiled code (every type reference, call and field access) or in the sources' <c>using</c> directives (which also
/// catch constants, which the compiler inlines); and every source file's namespace is its folder.
/// </summary>
public partial class LayeringTests
{
    /// <summary>The shipped assemblies whose namespaces are checked.</summary>
    private static readonly Assembly[] Shipped =
        [typeof(GenrePredictor).Assembly, typeof(RunReport).Assembly, typeof(GenrePredictionOptions).Assembly, typeof(MusicGenre.Orleans.Batch.GenreBatch).Assembly, typeof(MusicGenre.Cli.CliApp).Assembly];

    /// <summary>
    /// Namespaces a source file may declare whatever its folder: ASP.NET Core's convention for the extension methods
    /// of <c>IServiceCollection</c> and <c>IEndpointRouteBuilder</c> (<c>AddGenrePrediction</c>, <c>MapGenrePrediction</c>),
    /// so that an app's Program.cs finds them without a <c>using</c>. Only static extension classes may use them; their
    /// uses are judged as their package's (the folder's namespace).
    /// </summary>
    private static readonly string[] ExtensionNamespaces = ["Microsoft.Extensions.DependencyInjection", "Microsoft.AspNetCore.Builder"];

    [Fact]
    public void NoCompiledNamespaceUsesALayerAboveIt()
    {
        var problems = Shipped
            .SelectMany(a => NamespaceDependencies.Read(a.Location, ns => Layers.IsProduct(ns) || ExtensionNamespaces.Contains(ns))
                .Where(u => Layers.IsProduct(u.To))
                .Select(u => ExtensionNamespaces.Contains(u.From) ? u with { From = a.GetName().Name! } : u)) // the package's layer
            .Where(u => Layers.IsProduct(u.From))
            .Select(u => (Use: u, Problem: Layers.Violation(u.From, u.To)))
            .Where(p => p.Problem is not null)
            .GroupBy(p => p.Problem!, p => $"{p.Use.FromType} → {p.Use.ToType}")
            .Select(g => $"{g.Key} ({string.Join(", ", g.Distinct().Take(6))})")
            .ToList();
        Assert.True(problems.Count == 0, "Layering broken:\n" + string.Join("\n", problems));
    }

    [SkippableFact]
    public void NoSourceFileImportsALayerAboveItsOwn()
    {
        var problems = new List<string>();
        foreach (var (file, text) in SourceFiles("src"))
        {
            var ns = DeclaredNamespace(text);
            if (ns is null) continue;
            if (ExtensionNamespaces.Contains(ns)) ns = FolderNamespace(file); // judged as the package's own
            foreach (Match m in UsingDirective().Matches(text))
            {
                var used = m.Groups["name"].Value;
                if (Layers.IsProduct(used) && Layers.Violation(ns, used) is { } problem)
                    problems.Add($"{file}: {problem}");
            }
        }
        Assert.True(problems.Count == 0, "Layering broken in using directives:\n" + string.Join("\n", problems));
    }

    [SkippableFact]
    public void EverySourceFilesNamespaceIsItsFolder()
    {
        var problems = new List<string>();
        foreach (var root in new[] { "src", "tests" })
            foreach (var (file, text) in SourceFiles(root))
            {
                var expected = FolderNamespace(file);
                var declared = DeclaredNamespace(text);
                if (declared is null && !TypeDeclaration().IsMatch(text)) continue; // assembly attributes only
                if (declared is not null && ExtensionNamespaces.Contains(declared) && ExtensionClass().IsMatch(text)) continue;
                if (declared != expected) problems.Add($"{file}: namespace {declared ?? "(none)"}, expected {expected}");
            }
        Assert.True(problems.Count == 0, "Folder and namespace differ:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void TheDependencyReaderSeesCallsSignaturesAndOtherAssemblies()
    {
        var core = NamespaceDependencies.Read(typeof(GenrePredictor).Assembly.Location, Layers.IsProduct);
        // A call inside a method body (the transformer computes rows with Features.MelSpectrogram) ...
        Assert.Contains(core, u => u is { From: "MusicGenre.MLNet", FromType: "MelSpectrogramTransformer", To: "MusicGenre.Features", ToType: "MelSpectrogram" });
        // ... a property's type (GenrePredictorOptions.Device) ...
        Assert.Contains(core, u => u is { From: Layers.Root, FromType: "GenrePredictorOptions", To: "MusicGenre.Torch", ToType: "ComputeDevice" });
        // ... and a reference into another assembly (Reporting's plots draw Evaluation's confusion matrix).
        var reporting = NamespaceDependencies.Read(typeof(RunReport).Assembly.Location, Layers.IsProduct);
        Assert.Contains(reporting, u => u is { From: "MusicGenre.Reporting", To: "MusicGenre.Evaluation", ToType: "ConfusionMatrix" });
        // ... and the service's extension classes in ASP.NET Core's namespaces are read too.
        var service = NamespaceDependencies.Read(typeof(GenrePredictionOptions).Assembly.Location, ns => Layers.IsProduct(ns) || ExtensionNamespaces.Contains(ns));
        Assert.Contains(service, u => u is { From: "Microsoft.Extensions.DependencyInjection", To: "MusicGenre.AspNetCore", ToType: "GenrePredictionOptions" });
    }

    [Theory]
    [InlineData("MusicGenre.Features", "MusicGenre.Models.Musicnn", true)]
    [InlineData("MusicGenre.Models", "MusicGenre.Training", true)]
    [InlineData("MusicGenre.MLNet", "MusicGenre.MLNet.Persistence", true)]
    [InlineData("MusicGenre.MLNet", Layers.Root, true)]
    [InlineData("MusicGenre.Evaluation", "MusicGenre.Reporting", true)]
    [InlineData("MusicGenre.Audio.Wav", "MusicGenre.Audio", false)]
    [InlineData("MusicGenre.Audio", "MusicGenre.Audio.Wav", false)]
    [InlineData("MusicGenre.MLNet.Persistence", "MusicGenre.MLNet", false)]
    [InlineData(Layers.Root, "MusicGenre.MLNet.Persistence", false)]
    [InlineData("MusicGenre.Cli.Modeling", "MusicGenre.Reporting", false)]
    [InlineData("MusicGenre.Somewhere", "MusicGenre.Audio", true)]
    public void TheLayerOrderRefusesWhatGoesUpAndUnplacedNamespaces(string from, string to, bool refused)
        => Assert.Equal(refused, Layers.Violation(from, to) is not null);

    [Fact]
    public void TheSourceCheckReadsEveryKindOfUsingDirective()
    {
        const string text = """
            using System.Text;
            using MusicGenre.Models.Musicnn;
            global using MusicGenre.Training;
            using static MusicGenre.Reporting.RunReport;
            using Shape = global::MusicGenre.Models.GenreNetworkShape;

            namespace MusicGenre.Features;
            """;
        Assert.Equal("MusicGenre.Features", DeclaredNamespace(text));
        Assert.Equal(["System.Text", "MusicGenre.Models.Musicnn", "MusicGenre.Training", "MusicGenre.Reporting.RunReport", "MusicGenre.Models.GenreNetworkShape"],
            UsingDirective().Matches(text).Select(m => m.Groups["name"].Value));
        Assert.All(UsingDirective().Matches(text).Skip(1), m => Assert.NotNull(Layers.Violation("MusicGenre.Features", m.Groups["name"].Value)));
    }

    /// <summary>The namespace a source file's folder names: src/MusicGenre/MLNet/Persistence/X.cs → MusicGenre.MLNet.Persistence.</summary>
    private static string FolderNamespace(string file) => string.Join('.', file.Split('/')[1..^1]);

    /// <summary>The namespace a file declares (file-scoped or block), or null.</summary>
    private static string? DeclaredNamespace(string text)
        => NamespaceDeclaration().Match(text) is { Success: true } m ? m.Groups["name"].Value : null;

    /// <summary>Every <c>.cs</c> file under the repository folder <paramref name="root"/> (bin and obj left out), as a '/'-separated path from the repository root and its text.</summary>
    internal static IEnumerable<(string Path, string Text)> SourceFiles(string root)
    {
        var folder = Path.Combine(SharedData.RepoRoot, root);
        Skip.IfNot(Directory.Exists(folder), $"the sources are not above the test assembly (looked for {folder})");
        foreach (var path in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(SharedData.RepoRoot, path).Replace('\\', '/');
            if (relative.Contains("/bin/", StringComparison.Ordinal) || relative.Contains("/obj/", StringComparison.Ordinal)) continue;
            yield return (relative, File.ReadAllText(path));
        }
    }

    [GeneratedRegex(@"^\s*namespace\s+(?<name>[\w.]+)\s*[;{]", RegexOptions.Multiline)]
    private static partial Regex NamespaceDeclaration();

    [GeneratedRegex(@"^\s*(?:(?:public|internal|static|sealed|abstract|partial|file|readonly)\s+)*(?:class|record|struct|interface|enum)\s", RegexOptions.Multiline)]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"^public static (?:partial )?class \w+Extensions\b", RegexOptions.Multiline)]
    private static partial Regex ExtensionClass();

    [GeneratedRegex(@"^\s*(?:global\s+)?using\s+(?:static\s+)?(?:\w+\s*=\s*)?(?:global::)?(?<name>[\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex UsingDirective();
}
