namespace MusicGenre.Audio;

/// <summary>
/// The entry point for decoding audio: WAV, Sun AU, AIFF, MP3 and OGG Vorbis with managed decoders, anything
/// else through ffmpeg when it is available. Returns float32 samples like <c>librosa.load</c>.
/// </summary>
public static class AudioFile
{
    /// <summary>Decodes a file.</summary>
    /// <param name="path">The audio file.</param>
    /// <param name="options">Target rate, mono, offset, duration; null for librosa's defaults (22,050 Hz mono).</param>
    /// <param name="cancellationToken">Cancels decoding.</param>
    /// <exception cref="AudioFormatException">The content cannot be decoded; the message names the file and why.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static AudioClip Load(string path, AudioLoadOptions? options = null, CancellationToken cancellationToken = default)
        => throw new NotImplementedException("audio decoding: work in progress");

    /// <summary>Decodes a stream; the format is detected from its content.</summary>
    /// <param name="stream">A readable stream; seekable streams are decoded without copying.</param>
    /// <param name="options">Target rate, mono, offset, duration; null for librosa's defaults.</param>
    /// <param name="name">A name used in error messages (for example the original file name).</param>
    /// <param name="cancellationToken">Cancels decoding.</param>
    public static AudioClip Load(Stream stream, AudioLoadOptions? options = null, string? name = null, CancellationToken cancellationToken = default)
        => throw new NotImplementedException("audio decoding: work in progress");
}
