namespace MusicGenre.Audio.Ffmpeg;

/// <summary>
/// Finds the ffmpeg executable: <see cref="AudioLoadOptions.FfmpegPath"/> first, then the <c>MUSICGENRE_FFMPEG</c>
/// environment variable, then <c>ffmpeg</c> on PATH. Thread-safe.
/// </summary>
public static class FfmpegLocator
{
    /// <summary>The environment variable that names the ffmpeg executable.</summary>
    public const string EnvironmentVariable = "MUSICGENRE_FFMPEG";

    /// <summary>How to make ffmpeg available, for error messages.</summary>
    public const string HowToEnable =
        "install ffmpeg (e.g. 'apt-get install ffmpeg', 'brew install ffmpeg' or 'winget install ffmpeg') and put it on PATH, " +
        "or set AudioLoadOptions.FfmpegPath or the " + EnvironmentVariable + " environment variable to its path";

    /// <summary>The ffmpeg executable to use, or null when none is found.</summary>
    /// <param name="configuredPath">An explicit path (from the options); when set, only it is considered.</param>
    public static string? Find(string? configuredPath = null) => Find(configuredPath, Environment.GetEnvironmentVariable);

    /// <summary>The lookup, with the environment supplied (for tests).</summary>
    internal static string? Find(string? configuredPath, Func<string, string?> environment)
    {
        if (!string.IsNullOrWhiteSpace(configuredPath)) return File.Exists(configuredPath) ? Path.GetFullPath(configuredPath) : null;
        var env = environment(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(env)) return File.Exists(env) ? Path.GetFullPath(env) : null;
        var name = OperatingSystem.IsWindows() ? "ffmpeg.exe" : "ffmpeg";
        foreach (var dir in (environment("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            try
            {
                var candidate = Path.Combine(dir.Trim('"'), name);
                if (File.Exists(candidate)) return candidate;
            }
            catch (ArgumentException)
            {
                // a malformed PATH entry: ignore it
            }
        }
        return null;
    }
}
