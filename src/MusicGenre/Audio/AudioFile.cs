using MusicGenre.Audio.Aiff;
using MusicGenre.Audio.Au;
using MusicGenre.Audio.Ffmpeg;
using MusicGenre.Audio.Mp3;
using MusicGenre.Audio.Ogg;
using MusicGenre.Audio.Wav;

namespace MusicGenre.Audio;

/// <summary>
/// The entry point for decoding audio: WAV, Sun AU, AIFF, MP3 and OGG Vorbis with managed decoders, anything
/// else through ffmpeg when it is available. Returns float32 samples like <c>librosa.load</c>: the format is
/// detected from the content (never the extension), offset and duration are applied at the native rate, channels
/// are averaged for mono, and the result is resampled (soxr-HQ-like band-limited sinc) to the target rate.
/// </summary>
/// <remarks>Thread-safe: any number of threads may call <c>Load</c> at once.</remarks>
public static class AudioFile
{
    /// <summary>Decodes a file.</summary>
    /// <param name="path">The audio file.</param>
    /// <param name="options">Target rate, mono, offset, duration; null for librosa's defaults (22,050 Hz mono).</param>
    /// <param name="cancellationToken">Cancels decoding.</param>
    /// <exception cref="AudioFormatException">The content cannot be decoded; the message names the file and why.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ArgumentException">An option is invalid (all problems are listed).</exception>
    public static AudioClip Load(string path, AudioLoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new AudioLoadOptions();
        options.Validate();
        if (!File.Exists(path)) throw new FileNotFoundException($"Audio file not found: {path}", path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096, FileOptions.SequentialScan);
        return LoadCore(stream, options, path, path, cancellationToken);
    }

    /// <summary>Decodes a stream; the format is detected from its content.</summary>
    /// <param name="stream">
    /// A readable stream; the content starts at its current position. Seekable streams starting at position 0 are
    /// decoded without copying; others are first buffered (bounded by <see cref="AudioLoadOptions.MaxSamples"/>).
    /// The stream is not closed.
    /// </param>
    /// <param name="options">Target rate, mono, offset, duration; null for librosa's defaults.</param>
    /// <param name="name">A name used in error messages (for example the original file name).</param>
    /// <param name="cancellationToken">Cancels decoding.</param>
    /// <exception cref="AudioFormatException">The content cannot be decoded; the message names <paramref name="name"/> and why.</exception>
    /// <exception cref="ArgumentException">The stream is not readable, or an option is invalid.</exception>
    public static AudioClip Load(Stream stream, AudioLoadOptions? options = null, string? name = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead) throw new ArgumentException("The stream is not readable.", nameof(stream));
        options ??= new AudioLoadOptions();
        options.Validate();
        if (stream.CanSeek && stream.Position == 0) return LoadCore(stream, options, name, null, cancellationToken);
        using var buffered = BufferStream(stream, options, name, cancellationToken);
        return LoadCore(buffered, options, name, null, cancellationToken);
    }

    private static AudioClip LoadCore(Stream stream, AudioLoadOptions options, string? name, string? filePath, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var request = new DecodeRequest(name, options, stream.Length, cancellationToken);
        Span<byte> header = stackalloc byte[AudioFormatDetector.HeaderLength];
        int headerLength = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        header = header[..headerLength];
        stream.Position = 0;
        var format = AudioFormatDetector.Detect(header);
        if (format == AudioContainerFormat.Unknown)
        {
            throw request.Error(headerLength == 0
                ? "the file is empty (0 bytes)"
                : $"unknown audio format ({AudioFormatDetector.Describe(header)}); supported: WAV, AU, AIFF, MP3, Ogg Vorbis, and through ffmpeg FLAC, M4A/AAC, Opus, WMA, WebM, CAF, WavPack, APE");
        }

        var decoded = Decode(stream, format, request, filePath);
        return Finish(decoded, request, filePath);
    }

    private static DecodedAudio Decode(Stream stream, AudioContainerFormat format, DecodeRequest request, string? filePath)
    {
        IAudioDecoder? managed = format switch
        {
            AudioContainerFormat.Wav => WavDecoder.Instance,
            AudioContainerFormat.Au => AuDecoder.Instance,
            AudioContainerFormat.Aiff => AiffDecoder.Instance,
            AudioContainerFormat.Mp3 => Mp3Decoder.Instance,
            AudioContainerFormat.OggVorbis => OggVorbisDecoder.Instance,
            _ => null,
        };
        try
        {
            if (managed is not null)
            {
                try
                {
                    return managed.Decode(stream, request);
                }
                catch (AudioCodecNotSupportedException unsupported)
                {
                    stream.Position = 0;
                    return DecodeWithFfmpeg(stream, unsupported.Reason, request, filePath);
                }
            }
            return DecodeWithFfmpeg(stream, FormatName(format), request, filePath);
        }
        catch (Exception ex) when (IsDecoderFault(ex))
        {
            throw request.Error($"{FormatName(format)} content is malformed ({ex.GetType().Name}: {ex.Message})", ex);
        }
    }

    private static DecodedAudio DecodeWithFfmpeg(Stream stream, string what, DecodeRequest request, string? filePath)
    {
        var ffmpeg = FfmpegLocator.Find(request.Options.FfmpegPath);
        if (ffmpeg is null)
        {
            var where = request.Options.FfmpegPath is { } configured ? $"ffmpeg was not found at '{configured}'" : "ffmpeg was not found";
            throw request.Error($"{what}: this format has no managed decoder and {where}; {FfmpegLocator.HowToEnable}");
        }
        // A full path never reads as an ffmpeg protocol or option ("-x", "http:").
        // MP4 keeps its index (moov) anywhere, often after the audio: ffmpeg must seek, so a stream goes through a temporary file.
        bool needsSeekableInput = AudioFormatDetector.Detect(PeekHeader(stream)) == AudioContainerFormat.Mp4;
        return new FfmpegDecoder(ffmpeg, what, needsSeekableInput).Decode(filePath is null ? null : Path.GetFullPath(filePath), stream, request);
    }

    private static byte[] PeekHeader(Stream stream)
    {
        long at = stream.Position;
        stream.Position = 0;
        var header = new byte[AudioFormatDetector.HeaderLength];
        int got = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        stream.Position = at;
        return header[..got];
    }

    /// <summary>Low-level failures of a decoder on hostile content become <see cref="AudioFormatException"/>.</summary>
    private static bool IsDecoderFault(Exception ex) => ex switch
    {
        OperationCanceledException or AudioFormatException => false,
        EndOfStreamException or InvalidDataException => true,
        IOException or UnauthorizedAccessException => false, // real I/O failures keep their type
        _ => true,
    };

    /// <summary>Mixes to mono (mean of channels, like librosa's <c>to_mono</c>) or de-interleaves, then resamples.</summary>
    private static AudioClip Finish(DecodedAudio decoded, DecodeRequest request, string? filePath)
    {
        var options = request.Options;
        var name = request.Name;
        int channels = decoded.Channels;
        int frames = checked((int)decoded.Frames);
        float[][] planes;
        if (channels == 1)
            planes = [decoded.Interleaved.Length == frames ? decoded.Interleaved : decoded.Interleaved[..frames]];
        else if (options.Mono)
            planes = [ChannelMixer.ToMono(decoded.Interleaved, channels, frames)];
        else
            planes = ChannelMixer.Deinterleave(decoded.Interleaved, channels, frames);

        int rate = decoded.SampleRate;
        if (options.SampleRate is { } target && target != rate)
        {
            Resampling.PolyphaseResampler resampler;
            try
            {
                resampler = Resampling.PolyphaseResampler.For(rate, target);
            }
            catch (ArgumentOutOfRangeException ex)
            {
                throw new AudioFormatException(filePath ?? name, $"the native rate {rate} Hz cannot be resampled to {target} Hz: {ex.Message}", ex);
            }
            long outputSamples = resampler.OutputLength(frames) * planes.Length;
            if (outputSamples > options.MaxSamples || outputSamples > Array.MaxLength)
            {
                throw new AudioFormatException(filePath ?? name,
                    $"resampling {frames} frames from {rate} Hz to {target} Hz would give {outputSamples} samples, more than MaxSamples ({options.MaxSamples})");
            }
            for (int c = 0; c < planes.Length; c++) planes[c] = resampler.Process(planes[c], request.CancellationToken);
            rate = target;
        }

        float[] samples = planes.Length == 1 ? planes[0] : ChannelMixer.Concatenate(planes);
        return new AudioClip(samples, rate, planes.Length, decoded.SampleRate, decoded.SourceChannels, filePath);
    }

    private static MemoryStream BufferStream(Stream stream, AudioLoadOptions options, string? name, CancellationToken cancellationToken)
    {
        // Compressed content is far smaller than its samples and PCM takes at most 8 bytes a sample, so this bound
        // never rejects content that MaxSamples would accept. MemoryStream grows geometrically.
        long maxBytes = options.MaxSamples * 8 + (1 << 20);
        var buffer = new MemoryStream();
        var chunk = new byte[1 << 16];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes)
                throw new AudioFormatException(name, $"the stream is longer than {maxBytes} bytes, more than MaxSamples ({options.MaxSamples}) allows");
        }
        buffer.Position = 0;
        return buffer;
    }

    private static string FormatName(AudioContainerFormat format) => format switch
    {
        AudioContainerFormat.Wav => "WAV",
        AudioContainerFormat.Au => "Sun AU",
        AudioContainerFormat.Aiff => "AIFF",
        AudioContainerFormat.Mp3 => "MP3",
        AudioContainerFormat.OggVorbis => "Ogg Vorbis",
        AudioContainerFormat.OggOpus => "Ogg Opus",
        AudioContainerFormat.Flac => "FLAC",
        AudioContainerFormat.Mp4 => "MPEG-4 audio (M4A/AAC/ALAC)",
        AudioContainerFormat.Aac => "AAC (ADTS)",
        AudioContainerFormat.Matroska => "Matroska/WebM",
        AudioContainerFormat.Asf => "Windows Media (ASF/WMA)",
        AudioContainerFormat.Caf => "Core Audio (CAF)",
        AudioContainerFormat.WavPack => "WavPack",
        AudioContainerFormat.Ape => "Monkey's Audio (APE)",
        AudioContainerFormat.OggOther => "Ogg (not Vorbis)",
        AudioContainerFormat.Rf64 => "RF64/BW64 WAV",
        _ => format.ToString(),
    };
}
