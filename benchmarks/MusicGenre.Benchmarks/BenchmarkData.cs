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

    /// <summary>
    /// The 30 s blues clip as librosa loads it (the <c>blues.00000.samples.npy</c> fixture, float32), so feature
    /// benchmarks do not depend on the decoder.
    /// </summary>
    public static float[] Clip30sSamples()
    {
        var path = System.IO.Path.Combine(SharedRoot, "fixtures", "librosa", "blues.00000.samples.npy");
        var bytes = File.ReadAllBytes(path);
        int headerLength = BitConverter.ToUInt16(bytes, 8);
        int start = 10 + headerLength;
        var samples = new float[(bytes.Length - start) / 4];
        Buffer.BlockCopy(bytes, start, samples, 0, samples.Length * 4);
        return samples;
    }
}
