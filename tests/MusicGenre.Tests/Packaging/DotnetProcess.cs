using System.Diagnostics;

namespace MusicGenre.Tests.Packaging;

/// <summary>Child <c>dotnet</c> processes for the packaging tests: where dotnet is, and a start that does not inherit the test host's MSBuild settings.</summary>
internal static class DotnetProcess
{
    /// <summary>The dotnet executable on PATH, or null.</summary>
    public static string? FindOnPath()
        => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet"))
            .FirstOrDefault(File.Exists);

    /// <summary>A start for <paramref name="fileName"/> with redirected output, without the outer build's MSBuild variables.</summary>
    public static ProcessStartInfo Start(string fileName, string workingDirectory, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // The test host may carry the outer build's MSBuild settings; the child builds must not inherit them.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return start;
    }
}
