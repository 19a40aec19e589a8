using System.Reflection;
using MusicGenre.AspNetCore;
using MusicGenre.Reporting;
using MusicGenre.Tests.TestInfrastructure;
using Xunit.Abstractions;

namespace MusicGenre.Tests.Design;

/// <summary>docs/api.md lists exactly the public API of the packages (see <see cref="PublicApiDocument"/>).</summary>
public class PublicApiTests(ITestOutputHelper output)
{
    /// <summary>Set to 1 to write the expected text into docs/api.md instead of failing.</summary>
    private const string WriteVariable = "MUSICGENRE_WRITE_API_DOC";

    /// <summary>The packages whose public API docs/api.md lists, in the order it lists them.</summary>
    private static readonly Assembly[] Packages = [typeof(GenrePredictor).Assembly, typeof(RunReport).Assembly, typeof(GenrePredictionOptions).Assembly, typeof(MusicGenre.Orleans.Batch.GenreBatch).Assembly];

    [SkippableFact]
    public void DocsApiMdListsExactlyThePublicApi()
    {
        var path = Path.Combine(SharedData.RepoRoot, "docs", "api.md");
        Skip.IfNot(Directory.Exists(Path.GetDirectoryName(path)), $"the docs are not above the test assembly (looked for {path})");
        var current = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : null;
        var expected = PublicApiDocument.Render(Packages, current);
        if (current == expected) return;

        if (Environment.GetEnvironmentVariable(WriteVariable) == "1")
        {
            File.WriteAllText(path, expected);
            output.WriteLine($"{WriteVariable}=1: wrote {path}");
            return;
        }
        var written = Path.Combine(Path.GetTempPath(), $"musicgenre-api-{Environment.ProcessId}.md");
        File.WriteAllText(written, expected);
        Assert.Fail($"""
            docs/api.md differs from the public API of {string.Join(", ", Packages.Select(p => p.GetName().Name))}.
            {Difference(current ?? "", expected)}
            The expected text is in {written}. If the change of API is intended, copy it over docs/api.md
            (or run the test with {WriteVariable}=1), then check the new lines' descriptions.
            If it is not intended, make the type or member internal again.
            """);
    }

    [Fact]
    public void TheDocumentKeepsEditedDescriptionsAndReportsAMissingMember()
    {
        var generated = PublicApiDocument.Render(Packages, null);
        const string load = "  - `static GenrePredictor Load(string path, GenrePredictorOptions? options = null)` — ";
        Assert.Contains(load, generated);

        // A description someone improved survives regeneration ...
        var edited = string.Join('\n', generated.Split('\n').Select(l => l.StartsWith(load, StringComparison.Ordinal) ? load + "Opens any model file." : l));
        Assert.Contains(load + "Opens any model file.\n", PublicApiDocument.Render(Packages, edited));

        // ... and a member missing from the document is a difference.
        var missing = string.Join('\n', generated.Split('\n').Where(l => !l.StartsWith(load, StringComparison.Ordinal)));
        Assert.Contains("+ " + load.Trim(), Difference(missing, generated));
    }

    [Fact]
    public void EveryPublicTypeAndMemberHasADescription()
    {
        var generated = PublicApiDocument.Render(Packages, null);
        var undescribed = generated.Split('\n').Where(l => l.EndsWith("— (undocumented)", StringComparison.Ordinal) || l.EndsWith("— ", StringComparison.Ordinal)).ToList();
        Assert.True(undescribed.Count == 0, "Public API without a summary:\n" + string.Join("\n", undescribed));
    }

    /// <summary>The lines only in <paramref name="expected"/> (+) and only in <paramref name="current"/> (−).</summary>
    private static string Difference(string current, string expected)
    {
        static Dictionary<string, int> Count(string text) => text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)
            .GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
        var have = Count(current);
        var want = Count(expected);
        var added = want.Where(w => w.Value > have.GetValueOrDefault(w.Key)).Select(w => "+ " + w.Key).ToList();
        var removed = have.Where(h => h.Value > want.GetValueOrDefault(h.Key)).Select(h => "- " + h.Key).ToList();
        if (added.Count + removed.Count == 0) return "The same lines, in another order or with other spacing.";
        const int shown = 60;
        var lines = removed.Concat(added).ToList();
        return $"Lines to add (+) and to remove (-) ({added.Count} and {removed.Count}):\n" + string.Join("\n", lines.Take(shown))
               + (lines.Count > shown ? $"\n... and {lines.Count - shown} more" : "");
    }
}
