using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using MusicGenre.Audio;
using MusicGenre.Audio.Mp3;
using MusicGenre.Audio.Resampling;

namespace MusicGenre.Benchmarks;

/// <summary>
/// MP3 decoding against its peers in the same run (issue 10 §3): a 29.7 s 44.1 kHz stereo 96 kbit/s MP3 made by
/// ffmpeg from GTZAN's blues.00000 in the setup (never committed) → 22,050 Hz mono, through libmpg123 and through
/// NLayer; the parts (decode alone, resampling alone, general vs vectorised 2:1 resampler); the mpg123 and ffmpeg
/// command lines decoding the same file (process start included; <c>ProcessStart_*</c> measures the start alone);
/// and three 3 s excerpts of a 4-minute 192 kbit/s MP3 against its whole decode (issue 10 §1).
/// Run: <c>dotnet run -c Release --project benchmarks/MusicGenre.Benchmarks -- --filter '*Mp3Decode*'</c>
/// (needs ffmpeg, mpg123 and libmpg123-0: <c>apt-get install ffmpeg mpg123 libmpg123-0</c>).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 15)]
public class Mp3DecodeBenchmarks
{
    private static readonly AudioLoadOptions NativeRate = new() { SampleRate = null, Mono = false };
    private string _folder = "";
    private string _mp3 = "";
    private string _song = "";
    private float[] _left = [];
    private readonly PolyphaseResampler _resampler = PolyphaseResampler.For(44100, 22050);

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("musicgenre-bench-").FullName;
        var gtzan = Path.Combine(BenchmarkData.SharedRoot, "data", "gtzan-mini");
        _mp3 = Path.Combine(_folder, "blues-29.7s-96k.mp3");
        Run("ffmpeg", "-v", "error", "-y", "-i", Path.Combine(gtzan, "blues", "blues.00000.wav"), "-t", "29.7", "-ac", "2", "-ar", "44100", "-b:a", "96k", "-c:a", "libmp3lame", _mp3);
        _song = BenchmarkMedia.Song4Min192k(_folder); // a 4-minute song: eight 30 s clips of different genres, 192 kbit/s
        Mp3Decoders.Preferred = Mp3Backend.Managed;
        _left = AudioFile.Load(_mp3, NativeRate).GetChannel(0).ToArray();
        Mp3Decoders.Preferred = Mp3Backend.Auto;
        Console.WriteLine($"// MP3 decoder (Auto): {Mp3Decoders.ActiveDescription}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Mp3Decoders.Preferred = Mp3Backend.Auto;
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>The figure: <c>AudioFile.Load</c> → 22,050 Hz mono through the system's libmpg123.</summary>
    [Benchmark(Baseline = true)]
    public int Load_22050Mono_Native() => Load(Mp3Backend.Native, null);

    /// <summary>The same through the managed NLayer decoder.</summary>
    [Benchmark]
    public int Load_22050Mono_Managed() => Load(Mp3Backend.Managed, null);

    /// <summary>Decoding alone (44.1 kHz stereo, no mixing, no resampling), libmpg123.</summary>
    [Benchmark]
    public int Decode_NativeRateStereo_Native() => Load(Mp3Backend.Native, NativeRate);

    /// <summary>Decoding alone, NLayer.</summary>
    [Benchmark]
    public int Decode_NativeRateStereo_Managed() => Load(Mp3Backend.Managed, NativeRate);

    /// <summary>Resampling one channel of 29.7 s from 44.1 to 22.05 kHz: the vectorised 2:1 path.</summary>
    [Benchmark]
    public int Resample_Vectorised() => _resampler.Process(_left).Length;

    /// <summary>The same through the general polyphase path (what ran before).</summary>
    [Benchmark]
    public int Resample_General()
    {
        var output = new float[_resampler.OutputLength(_left.Length)];
        _resampler.ProcessGeneral(_left, output);
        return output.Length;
    }

    /// <summary>Peer: <c>mpg123 -q -e f32 -s FILE</c> (gapless float decode to a pipe), process start included.</summary>
    [Benchmark]
    public long Mpg123CommandLine() => Pipe("mpg123", "-q", "-e", "f32", "-s", _mp3);

    /// <summary>Peer: ffmpeg decoding to 44.1 kHz stereo float on a pipe, process start included.</summary>
    [Benchmark]
    public long FfmpegCommandLine_Decode() => Pipe("ffmpeg", "-v", "error", "-nostdin", "-i", _mp3, "-f", "f32le", "pipe:1");

    /// <summary>Peer: ffmpeg decoding, mixing to mono and resampling to 22,050 Hz (swresample), process start included.</summary>
    [Benchmark]
    public long FfmpegCommandLine_22050Mono() => Pipe("ffmpeg", "-v", "error", "-nostdin", "-i", _mp3, "-ac", "1", "-ar", "22050", "-f", "f32le", "pipe:1");

    /// <summary>The start of the mpg123 process alone (<c>mpg123 --version</c>), to subtract.</summary>
    [Benchmark]
    public long ProcessStart_Mpg123() => Pipe("mpg123", "--version");

    /// <summary>The start of the ffmpeg process alone (<c>ffmpeg -version</c>), to subtract.</summary>
    [Benchmark]
    public long ProcessStart_Ffmpeg() => Pipe("ffmpeg", "-version");

    /// <summary>Three 3 s excerpts (at 25 %, 50 %, 75 %) of a 4-minute 192 kbit/s MP3: open once, read three ranges.</summary>
    [Benchmark]
    public int Song4min_ThreeExcerpts()
    {
        using var reader = AudioFile.Open(_song);
        double seconds = reader.Duration.TotalSeconds;
        int frames = 0;
        foreach (double at in new[] { 0.25, 0.5, 0.75 }) frames += reader.Read(TimeSpan.FromSeconds(at * seconds), TimeSpan.FromSeconds(3)).Frames;
        return frames;
    }

    /// <summary>The whole 4-minute song → 22,050 Hz mono.</summary>
    [Benchmark]
    public int Song4min_Whole() => AudioFile.Load(_song).Frames;

    private int Load(Mp3Backend backend, AudioLoadOptions? options)
    {
        Mp3Decoders.Preferred = backend;
        return AudioFile.Load(_mp3, options).Frames;
    }

    private static long Pipe(string exe, params string[] args)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = process.StandardOutput.BaseStream.Read(buffer, 0, buffer.Length)) > 0) total += read;
        process.WaitForExit();
        return total;
    }

    private static void Run(string exe, params string[] args)
    {
        var psi = new ProcessStartInfo(exe) { UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{exe} failed ({process.ExitCode})");
    }
}
