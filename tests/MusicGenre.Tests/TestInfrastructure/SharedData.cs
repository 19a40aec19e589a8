namespace MusicGenre.Tests.TestInfrastructure;

/// <summary>
/// Paths into the read-only <c>../shared</c> folder (GTZAN clips, librosa fixtures, splits, model weights).
/// Tests that need it call <see cref="Require"/>, which skips with a clear reason where it is absent.
/// Override the location with the MUSICGENRE_SHARED environment variable.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string?> RootLazy = new(FindRoot);

    /// <summary>The shared folder, or null when absent.</summary>
    public static string? Root => RootLazy.Value;

    /// <summary>The repository root (the folder holding MusicGenre.sln).</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>Skips the calling test when the shared folder (or a file in it) is absent; returns the full path.</summary>
    public static string Require(params string[] relative)
    {
        Skip.If(Root is null, "../shared is absent (GTZAN clips, fixtures and weights are not redistributed with the project)");
        var path = Path.Combine([Root!, .. relative]);
        Skip.IfNot(File.Exists(path) || Directory.Exists(path), $"{path} is absent from ../shared");
        return path;
    }

    public static string Fixture(string name) => Require("fixtures", "librosa", name);
    public static string Format(string name) => Require("data", "formats", name);
    public static string Bad(string name) => Require("data", "formats", "bad", name);
    public static string GtzanMini => Require("data", "gtzan-mini");
    public static string GtzanClip(string id) => Require("data", "gtzan-mini", id.Split('.')[0], id + (id.StartsWith("jazz.00003") ? ".au" : ".wav"));
    public static string Splits => Require("splits", "gtzan");
    public static string Musicnn(string name) => Require("models", "musicnn", name);

    private static string? FindRoot()
    {
        var env = Environment.GetEnvironmentVariable("MUSICGENRE_SHARED");
        if (!string.IsNullOrEmpty(env)) return Directory.Exists(env) ? env : null;
        var candidate = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));
        return Directory.Exists(candidate) ? candidate : null;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MusicGenre.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}
