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
        using var reader = Open(path, options, cancellationToken);
        return reader.ReadSeconds(options.Offset, options.Duration, cancellationToken);
    }

    /// <summary>
    /// Opens a file for reading ranges: reads its headers (and, for MP3 and Ogg, indexes its frames or pages) so that
    /// <see cref="AudioReader.Duration"/> is known without decoding and <see cref="AudioReader.Read"/> decodes only
    /// the ranges asked for. Open once, read many ranges.
    /// </summary>
    /// <param name="path">The audio file.</param>
    /// <param name="options">Target rate, mono, limits, ffmpeg; its <see cref="AudioLoadOptions.Offset"/> and
    /// <see cref="AudioLoadOptions.Duration"/> are not used (each read gives its range). Null for librosa's defaults.</param>
    /// <param name="cancellationToken">Cancels opening (each read takes its own token).</param>
    /// <returns>A reader; dispose it to close the file.</returns>
    /// <exception cref="AudioFormatException">The content cannot be decoded; the message names the file and why.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ArgumentException">An option is invalid (all problems are listed).</exception>
    public static AudioReader Open(string path, AudioLoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new AudioLoadOptions();
        options.Validate();
        if (!File.Exists(path)) throw new FileNotFoundException($"Audio file not found: {path}", path);
        Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096, FileOptions.RandomAccess);
        try
        {
            var filePath = path;
            if (!stream.CanSeek)
            {
                // A named pipe or a device: read it once, as a non-seekable stream is (bounded, cancellable between
                // reads), and never hand its path to ffmpeg, which would read it again.
                using var pipe = stream;
                stream = BufferStream(pipe, options, path, cancellationToken);
                filePath = null;
            }
            return OpenCore(stream, ownsStream: true, options, path, filePath, cancellationToken);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Opens a stream for reading ranges (see <see cref="Open(string, AudioLoadOptions?, CancellationToken)"/>).</summary>
    /// <param name="stream">A readable stream; the content starts at its current position. A seekable stream at
    /// position 0 is read in place and must stay open while the reader is used (it is not closed); others are
    /// buffered first.</param>
    /// <param name="options">Target rate, mono, limits, ffmpeg (offset and duration are not used); null for librosa's defaults.</param>
    /// <param name="name">A name used in error messages (for example the original file name).</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <exception cref="AudioFormatException">The content cannot be decoded; the message names <paramref name="name"/> and why.</exception>
    /// <exception cref="ArgumentException">The stream is not readable, or an option is invalid.</exception>
    public static AudioReader Open(Stream stream, AudioLoadOptions? options = null, string? name = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead) throw new ArgumentException("The stream is not readable.", nameof(stream));
        options ??= new AudioLoadOptions();
        options.Validate();
        if (stream.CanSeek && stream.Position == 0) return OpenCore(stream, ownsStream: false, options, name, null, cancellationToken);
        var buffered = BufferStream(stream, options, name, cancellationToken);
        try
        {
            return OpenCore(buffered, ownsStream: true, options, name, null, cancellationToken);
        }
        catch
        {
            buffered.Dispose();
            throw;
        }
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
        using var reader = Open(stream, options, name, cancellationToken);
        return reader.ReadSeconds(options.Offset, options.Duration, cancellationToken);
    }

    private static AudioReader OpenCore(Stream stream, bool ownsStream, AudioLoadOptions options, string? name, string? filePath, CancellationToken cancellationToken)
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

        var source = OpenSource(stream, format, request, filePath);
        return new AudioReader(source, format, FormatName(format), request, filePath, ownsStream ? stream : null);
    }

    private static IAudioSource OpenSource(Stream stream, AudioContainerFormat format, DecodeRequest request, string? filePath)
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
                    return managed.Open(stream, request);
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
            throw MalformedContent(request, FormatName(format), ex);
        }
    }

    /// <summary>The content error for a low-level failure of a decoder on hostile content.</summary>
    internal static AudioFormatException MalformedContent(DecodeRequest request, string format, Exception ex)
        => request.Error($"{format} content is malformed ({ex.GetType().Name}: {ex.Message})", ex);

    private static IAudioSource DecodeWithFfmpeg(Stream stream, string what, DecodeRequest request, string? filePath)
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
        // ffmpeg decodes the whole content once; each range is a slice of it.
        var whole = request.ForRange(0, null, request.CancellationToken);
        return new DecodedSource(new FfmpegDecoder(ffmpeg, what, needsSeekableInput).Decode(filePath is null ? null : Path.GetFullPath(filePath), stream, whole));
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
    internal static bool IsDecoderFault(Exception ex) => ex switch
    {
        OperationCanceledException or AudioFormatException => false,
        EndOfStreamException or InvalidDataException => true,
        IOException or UnauthorizedAccessException => false, // real I/O failures keep their type
        _ => true,
    };

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
