namespace MusicGenre.Benchmarks;

/// <summary>Locates ../shared (or MUSICGENRE_SHARED) for benchmarks that use real clips.</summary>
public static class BenchmarkData
{
    public static string SharedRoot
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("MUSICGENRE_SHARED");
            if (!string.IsNullOrEmpty(env)) return env;
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "MusicGenre.sln")))
                    return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
            throw new DirectoryNotFoundException("../shared not found; set MUSICGENRE_SHARED");
        }
    }

    public static string Path30sWav => System.IO.Path.Combine(SharedRoot, "data", "gtzan-mini", "blues", "blues.00000.wav");
}
