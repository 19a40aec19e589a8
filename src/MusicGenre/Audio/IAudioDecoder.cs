namespace MusicGenre.Audio;

/// <summary>A decoder for one container format. Implementations are stateless and thread-safe.</summary>
internal interface IAudioDecoder
{
    /// <summary>Reads the headers and returns what decodes ranges of the content.</summary>
    /// <param name="stream">A seekable stream positioned at the start of the content; the source may keep reading it.</param>
    /// <param name="request">Limits, name for errors, cancellation.</param>
    /// <exception cref="AudioFormatException">The content cannot be decoded.</exception>
    IAudioSource Open(Stream stream, DecodeRequest request);
}

/// <summary>
/// Opened content: its layout and length, and the decoding of any range of it. Not thread-safe (the caller,
/// <see cref="AudioReader"/>, serialises reads); disposing releases what the source holds (native handles).
/// </summary>
internal interface IAudioSource : IDisposable
{
    /// <summary>Native rate, in Hz.</summary>
    int SampleRate { get; }

    /// <summary>Channels in the source.</summary>
    int Channels { get; }

    /// <summary>Frames at the native rate, or -1 when only a full decode tells.</summary>
    long Frames { get; }

    /// <summary>Decodes the request's window (<see cref="DecodeRequest.Window"/>) at the native rate.</summary>
    DecodedAudio Decode(DecodeRequest request);
}

/// <summary>
/// The content is well formed but its encoding has no managed decoder (for example MP3 or ADPCM inside WAV);
/// <see cref="AudioFile"/> hands such content to ffmpeg when it is available.
/// </summary>
internal sealed class AudioCodecNotSupportedException(string? filePath, string reason) : AudioFormatException(filePath, reason);

/// <summary>Header reading helpers shared by the container parsers.</summary>
internal static class HeaderReader
{
    /// <summary>Reads exactly <paramref name="buffer"/>.Length bytes or throws a content error naming <paramref name="what"/>.</summary>
    public static void ReadExactly(Stream stream, Span<byte> buffer, DecodeRequest request, string what)
    {
        int got = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (got < buffer.Length)
            throw request.Error($"truncated {what}: needed {buffer.Length} bytes, {got} left");
    }

    /// <summary>Skips <paramref name="count"/> bytes; false when fewer are left.</summary>
    public static bool TrySkip(Stream stream, long count)
    {
        if (count < 0 || stream.Length - stream.Position < count) return false;
        stream.Seek(count, SeekOrigin.Current);
        return true;
    }

    /// <summary>Whether four bytes look like a chunk identifier (printable ASCII).</summary>
    public static bool IsChunkId(ReadOnlySpan<byte> id)
    {
        if (id.Length < 4) return false;
        for (int i = 0; i < 4; i++)
            if (id[i] is < 0x20 or > 0x7E) return false;
        return true;
    }

    public static string FourCc(ReadOnlySpan<byte> id) => string.Create(4, id[..4].ToArray(), (s, b) => { for (int i = 0; i < 4; i++) s[i] = b[i] is >= 0x20 and <= 0x7E ? (char)b[i] : '?'; });
}
