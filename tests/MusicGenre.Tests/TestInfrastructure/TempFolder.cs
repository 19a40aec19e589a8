namespace MusicGenre.Tests.TestInfrastructure;

/// <summary>A temporary folder deleted on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "musicgenre-tests-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Writes a short valid WAV (a sine of the given frequency) and returns its path.</summary>
    public string Wav(string relative, double frequency = 440, double seconds = 0.1)
    {
        var path = Combine(relative.Split('/'));
        var n = (int)(22050 * seconds);
        var samples = new float[n];
        for (var i = 0; i < n; i++) samples[i] = (float)(0.5 * Math.Sin(2 * Math.PI * frequency * i / 22050));
        MusicGenre.Datasets.WavFileWriter.Write(path, samples, 22050);
        return path;
    }

    public string Text(string relative, string content)
    {
        var path = Combine(relative.Split('/'));
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
