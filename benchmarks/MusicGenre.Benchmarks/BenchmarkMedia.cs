using System.Diagnostics;

namespace MusicGenre.Benchmarks;

/// <summary>
/// MP3 files made with ffmpeg from the GTZAN clips of ../shared at benchmark setup (never committed), in a temporary
/// folder the caller deletes.
/// </summary>
public static class BenchmarkMedia
{
    private static string Gtzan => Path.Combine(BenchmarkData.SharedRoot, "data", "gtzan-mini");

    /// <summary>A 4-minute 192 kbit/s 44.1 kHz stereo song: eight 30 s clips of different genres after each other.</summary>
    public static string Song4Min192k(string folder)
    {
        var list = Path.Combine(folder, "list.txt");
        File.WriteAllLines(list, new[] { "blues", "classical", "country", "disco", "hiphop", "metal", "pop", "reggae" }
            .Select(g => $"file '{Path.Combine(Gtzan, g, g + ".00000.wav")}'"));
        var song = Path.Combine(folder, "song-4min-192k.mp3");
        Ffmpeg("-f", "concat", "-safe", "0", "-i", list, "-ac", "2", "-ar", "44100", "-b:a", "192k", "-c:a", "libmp3lame", song);
        return song;
    }

    /// <summary>
    /// <paramref name="count"/> 30 s MP3s (128 kbit/s, 44.1 kHz stereo) of the 70 gtzan-mini clips, in genre order,
    /// cycling through the clips when more are asked for (the copies are encoded again, not linked).
    /// </summary>
    public static IReadOnlyList<string> Clips30s(string folder, int count)
    {
        var clips = Directory.GetDirectories(Gtzan).Order(StringComparer.Ordinal)
            .SelectMany(d => Directory.GetFiles(d).Order(StringComparer.Ordinal)).ToList();
        var paths = new string[count];
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
        {
            var source = clips[i % clips.Count];
            paths[i] = Path.Combine(folder, $"{i:000}-{Path.GetFileNameWithoutExtension(source)}.mp3");
            Ffmpeg("-i", source, "-ac", "2", "-ar", "44100", "-b:a", "128k", "-c:a", "libmp3lame", paths[i]);
        });
        return paths;
    }

    /// <summary>Runs ffmpeg (Debian package <c>ffmpeg</c>) quietly; throws when it fails.</summary>
    public static void Ffmpeg(params string[] args)
    {
        var psi = new ProcessStartInfo("ffmpeg") { UseShellExecute = false };
        foreach (var a in new[] { "-v", "error", "-nostdin", "-y" }.Concat(args)) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"ffmpeg {string.Join(' ', args)} failed ({process.ExitCode})");
    }
}
