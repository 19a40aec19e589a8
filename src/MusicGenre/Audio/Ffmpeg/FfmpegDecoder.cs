using System.Diagnostics;
using System.Text;
using MusicGenre.Audio.Wav;

namespace MusicGenre.Audio.Ffmpeg;

/// <summary>
/// Decodes anything ffmpeg reads (FLAC, M4A/AAC, Opus, WMA, ...) by piping its first audio stream out as 32-bit
/// float little-endian PCM in a WAV envelope (which carries the rate and channel count), then reading that with
/// <see cref="WavDecoder"/>. Output is bounded by <see cref="AudioLoadOptions.MaxSamples"/>. Thread-safe (one
/// process per call).
/// </summary>
internal sealed class FfmpegDecoder
{
    private const int MaxStderrChars = 4000;
    private readonly string _executable;
    private readonly string _formatName;

    public FfmpegDecoder(string executable, string formatName)
    {
        _executable = executable;
        _formatName = formatName;
    }

    /// <summary>Decodes a file by path, or the stream's content piped to ffmpeg's stdin when no path is given.</summary>
    public DecodedAudio Decode(string? filePath, Stream stream, DecodeRequest request)
    {
        var psi = new ProcessStartInfo(_executable)
        {
            RedirectStandardInput = filePath is null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var arg in new[] { "-nostdin", "-hide_banner", "-loglevel", "error", "-i", filePath ?? "pipe:0", "-map", "0:a:0", "-vn",
                     "-c:a", "pcm_f32le", "-f", "wav", "pipe:1" })
            psi.ArgumentList.Add(arg);
        if (filePath is null) psi.ArgumentList.Remove("-nostdin");

        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException("Process.Start returned null");
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw request.Error($"{_formatName} needs ffmpeg, but '{_executable}' could not be started ({ex.Message}); {FfmpegLocator.HowToEnable}", ex);
        }

        using (process)
        using (request.CancellationToken.Register(() => TryKill(process)))
        {
            var stderr = new StringBuilder();
            process.ErrorDataReceived += (_, e) =>
            {
                lock (stderr)
                    if (e.Data is not null && stderr.Length < MaxStderrChars) stderr.AppendLine(e.Data);
            };
            process.BeginErrorReadLine();
            Task feeder = Task.CompletedTask;
            if (filePath is null)
            {
                feeder = Task.Run(() =>
                {
                    try
                    {
                        stream.CopyTo(process.StandardInput.BaseStream);
                    }
                    catch (IOException)
                    {
                        // ffmpeg stopped reading (it failed or has what it needs): its exit code tells
                    }
                    finally
                    {
                        try { process.StandardInput.Close(); } catch (IOException) { }
                    }
                });
            }

            // 4 bytes per sample plus room for the WAV header; beyond that MaxSamples is exceeded.
            long maxBytes = request.Options.MaxSamples * 4 + (1 << 16);
            var output = new MemoryStream();
            var buffer = new byte[1 << 16];
            int read;
            while ((read = process.StandardOutput.BaseStream.Read(buffer, 0, buffer.Length)) > 0)
            {
                output.Write(buffer, 0, read);
                if (output.Length > maxBytes)
                {
                    TryKill(process);
                    throw request.Error($"ffmpeg's output exceeds MaxSamples ({request.Options.MaxSamples} samples); raise AudioLoadOptions.MaxSamples or set Duration");
                }
            }
            process.WaitForExit();
            feeder.Wait(request.CancellationToken);
            request.CancellationToken.ThrowIfCancellationRequested();
            string errors;
            lock (stderr) errors = stderr.ToString().Trim();
            if (process.ExitCode != 0 || output.Length < 44)
                throw request.Error($"ffmpeg could not decode the {_formatName} content (exit code {process.ExitCode}): {(errors.Length > 0 ? errors : "no audio stream")}");
            output.Position = 0;
            return WavDecoder.Instance.Decode(output, request);
        }
    }

    private static void TryKill(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }
}
