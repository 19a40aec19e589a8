using System.Diagnostics;
using System.Globalization;
using MusicGenre.Tests.TestInfrastructure;

namespace MusicGenre.Tests.Service;

/// <summary>
/// Real clips to upload: 40 of the GTZAN clips of ../shared (00000–00003 of each genre: WAV, and jazz.00003 as GTZAN's
/// original AU) and MP3 (128 kbit/s stereo 44.1 kHz) and Ogg Vorbis variants of the first 10 s of ten of them, made
/// here with ffmpeg in a temporary folder (never committed). Skips without ../shared or ffmpeg.
/// </summary>
public sealed class GtzanUploads : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly Lazy<IReadOnlyList<string>> files;

    public GtzanUploads() => files = new(Make);

    /// <summary>Every clip and variant.</summary>
    public IReadOnlyList<string> Files => files.Value;

    /// <summary>A scratch folder.</summary>
    public TempFolder Folder => folder;

    public void Dispose() => folder.Dispose();

    private IReadOnlyList<string> Make()
    {
        var clips = Directory.EnumerateFiles(SharedData.GtzanMini, "*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".wav", StringComparison.Ordinal) || f.EndsWith(".au", StringComparison.Ordinal)) && int.Parse(Path.GetFileNameWithoutExtension(f).Split('.')[1], CultureInfo.InvariantCulture) <= 3)
            .Order(StringComparer.Ordinal).ToList();
        Skip.IfNot(Ffmpeg("-version", out _), "ffmpeg is not installed (apt-get install ffmpeg): the MP3 and Ogg variants are made with it");
        var variants = new List<string>();
        foreach (var clip in clips.Where((_, i) => i % 4 == 0))
        {
            foreach (var (extension, codec) in new[] { (".mp3", "-c:a libmp3lame -b:a 128k"), (".ogg", "-c:a libvorbis -q:a 4") })
            {
                var output = folder.Combine(Path.GetFileNameWithoutExtension(clip) + extension);
                if (!Ffmpeg($"-nostdin -v error -y -t 10 -i \"{clip}\" -ac 2 -ar 44100 {codec} \"{output}\"", out var errors))
                    throw new InvalidOperationException($"ffmpeg could not make {output}: {errors}");
                variants.Add(output);
            }
        }
        return [.. clips, .. variants];
    }

    private static bool Ffmpeg(string arguments, out string errors)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("ffmpeg", arguments) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false })!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            errors = process.StandardError.ReadToEnd();
            if (!process.WaitForExit(60_000))
            {
                process.Kill();
                errors = "ffmpeg took over 60 s";
                return false;
            }
            _ = stdout.Result;
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            errors = e.Message;
            return false;
        }
    }
}
