using System.Buffers.Binary;
using MusicGenre.Audio.Pcm;

namespace MusicGenre.Audio.Wav;

/// <summary>
/// RIFF WAVE: PCM u8/16/24/32, IEEE float 32/64, A-law, mu-law, WAVE_FORMAT_EXTENSIBLE; any other chunks (LIST,
/// fact, ...) are skipped, odd-sized chunks are padded (or not, as some writers forget), a data chunk larger than
/// the file yields the frames present. Thread-safe (stateless).
/// </summary>
internal sealed class WavDecoder : IAudioDecoder
{
    /// <summary>The shared instance.</summary>
    public static readonly WavDecoder Instance = new();

    public IAudioSource Open(Stream stream, DecodeRequest request)
    {
        Span<byte> head = stackalloc byte[12];
        HeaderReader.ReadExactly(stream, head, request, "RIFF header");
        WavFormatChunk? format = null;
        long dataStart = -1, dataSize = -1;
        Span<byte> chunk = stackalloc byte[8];
        Span<byte> fmtBody = stackalloc byte[40];
        while (stream.Length - stream.Position >= 8)
        {
            request.CancellationToken.ThrowIfCancellationRequested();
            HeaderReader.ReadExactly(stream, chunk, request, "WAV chunk header");
            long size = BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]);
            long left = stream.Length - stream.Position;
            if (chunk.StartsWith("fmt "u8))
            {
                int take = (int)Math.Min(Math.Min(size, 40), left);
                HeaderReader.ReadExactly(stream, fmtBody[..take], request, "WAV fmt chunk");
                format = WavFormatChunk.Parse(fmtBody[..take], request);
                if (!SkipToNextChunk(stream, size - take, size)) break;
            }
            else if (chunk.StartsWith("data"u8))
            {
                dataStart = stream.Position;
                dataSize = size is 0 or uint.MaxValue ? -1 : size; // streaming writers leave the size unset: read to the end
                if (format is not null) break;
                if (!SkipToNextChunk(stream, size, size)) break;
            }
            else if (!SkipToNextChunk(stream, size, size))
            {
                break;
            }
        }

        if (format is null) throw request.Error("WAV file has no fmt chunk before its end");
        var layout = format.Value.ToLayout(request);
        if (dataStart < 0) throw request.Error("no audio frames: the WAV file has no data chunk");
        stream.Position = dataStart;
        return new PcmSource(stream, stream.Position, dataSize, layout, request, "WAV");
    }

    /// <summary>Skips a chunk's remaining body and its pad byte; false when the file ends first.</summary>
    private static bool SkipToNextChunk(Stream stream, long remaining, long chunkSize)
    {
        if (!HeaderReader.TrySkip(stream, remaining)) return false;
        if ((chunkSize & 1) == 0) return true;
        // RIFF pads odd chunks to an even size, but some writers omit the pad byte: pick whichever reading lands on
        // a plausible chunk identifier.
        long afterBody = stream.Position;
        Span<byte> probe = stackalloc byte[5];
        int got = stream.ReadAtLeast(probe, 5, throwOnEndOfStream: false);
        stream.Position = afterBody;
        if (got == 5 && HeaderReader.IsChunkId(probe) && !HeaderReader.IsChunkId(probe[1..])) return true;
        return HeaderReader.TrySkip(stream, 1);
    }
}
