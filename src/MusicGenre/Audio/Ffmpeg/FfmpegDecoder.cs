using System.Diagnostics;
using System.Text;
using MusicGenre.Audio.Wav;

namespace MusicGenre.Audio.Ffmpeg;

/// <summary>
/// Decodes anything ffmpeg reads (FLAC, M4A/AAC, Opus, WMA, ...) by piping its first audio stream out as 32-bit
/// float little-endian PCM in a WAV envelope (which carries the rate and channel count), then reading that with
/// <see cref="WavDecoder"/>. Files are passed by path; streams are piped to ffmpeg's standard input, except for
/// containers that ffmpeg must seek in (<c>needsSeekableInput</c>: MP4/M4A keeps its index, the <c>moov</c> box,
/// wherever the writer put it, often after the audio), which are written to a temporary file that is deleted
/// whatever happens. Output is bounded by <see cref="AudioLoadOptions.MaxSamples"/> and by the input's size.
/// Cancellation kills the process. Thread-safe (one process per call).
/// </summary>
internal sealed class FfmpegDecoder
{
    /// <summary>Most samples one input byte may decode to (lossless silence compresses to a few bytes a block).</summary>
    internal const int MaxSamplesPerInputByte = 2048;

    private const int MaxStderrChars = 4000;
    private readonly string _executable;
    private readonly string _formatName;
    private readonly bool _needsSeekableInput;

    public FfmpegDecoder(string executable, string formatName, bool needsSeekableInput = false)
    {
        _executable = executable;
        _formatName = formatName;
        _needsSeekableInput = needsSeekableInput;
    }

    /// <summary>Decodes a file by path, or the stream's content (piped to ffmpeg, or through a temporary file) when no path is given.</summary>
    public DecodedAudio Decode(string? filePath, Stream stream, DecodeRequest request)
    {
        if (filePath is not null || !_needsSeekableInput) return DecodeCore(filePath, stream, request);
        string temporary = Path.Combine(Path.GetTempPath(), $"musicgenre-{Guid.NewGuid():N}.input");
        try
        {
            WriteTemporaryFile(stream, temporary, request);
            return DecodeCore(temporary, stream, request);
        }
        finally
        {
            TryDelete(temporary);
        }
    }

    private void WriteTemporaryFile(Stream stream, string temporary, DecodeRequest request)
    {
        try
        {
            using var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            stream.Position = 0;
            var buffer = new byte[1 << 16];
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                request.CancellationToken.ThrowIfCancellationRequested();
                file.Write(buffer, 0, read);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw request.Error($"{_formatName} from a stream needs a temporary file for ffmpeg (it must seek in this container), and '{temporary}' could not be written ({ex.Message}); free space in the temporary folder or pass a file path", ex);
        }
    }

    private DecodedAudio DecodeCore(string? filePath, Stream stream, DecodeRequest request)
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

            // 4 bytes per sample plus room for the WAV header; beyond that the sample limit is exceeded.
            long maxBytes = request.SampleLimit(MaxSamplesPerInputByte) * 4 + (1 << 16);
            var output = new MemoryStream();
            var buffer = new byte[1 << 16];
            int read;
            while ((read = process.StandardOutput.BaseStream.Read(buffer, 0, buffer.Length)) > 0)
            {
                output.Write(buffer, 0, read);
                if (output.Length > maxBytes)
                {
                    TryKill(process);
                    throw request.Error($"ffmpeg's output exceeds {request.SampleLimit(MaxSamplesPerInputByte)} samples (MaxSamples is {request.Options.MaxSamples}); raise AudioLoadOptions.MaxSamples or set Duration");
                }
                request.CancellationToken.ThrowIfCancellationRequested();
            }
            process.WaitForExit();
            feeder.Wait(request.CancellationToken);
            request.CancellationToken.ThrowIfCancellationRequested();
            string errors;
            lock (stderr) errors = stderr.ToString().Trim();
            if (process.ExitCode != 0 || output.Length < 44)
                throw request.Error($"ffmpeg could not decode the {_formatName} content (exit code {process.ExitCode}): {(errors.Length > 0 ? errors : "no audio stream")}");
            output.Position = 0;
            try
            {
                using var source = WavDecoder.Instance.Open(output, request);
                return source.Decode(request);
            }
            catch (AudioFormatException ex) when (errors.Length > 0 && ex.Reason.StartsWith("no audio frames", StringComparison.Ordinal))
            {
                throw request.Error($"ffmpeg decoded no audio from the {_formatName} content: {errors}", ex);
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // still open by a process that is being killed: nothing more to do
        }
        catch (UnauthorizedAccessException)
        {
            // the temp folder changed its permissions under us
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
