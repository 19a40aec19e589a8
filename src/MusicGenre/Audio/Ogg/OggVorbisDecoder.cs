using System.Buffers;
using NVorbis;

namespace MusicGenre.Audio.Ogg;

/// <summary>
/// Ogg Vorbis through NVorbis (first logical stream; samples are not clipped, as libsndfile leaves them).
/// Thread-safe (stateless; one NVorbis reader per call).
/// </summary>
internal sealed class OggVorbisDecoder : IAudioDecoder
{
    /// <summary>The shared instance.</summary>
    public static readonly OggVorbisDecoder Instance = new();

    private const int ChunkFrames = 1 << 14;

    public DecodedAudio Decode(Stream stream, DecodeRequest request)
    {
        VorbisReader reader;
        try
        {
            reader = new VorbisReader(stream, closeOnDispose: false) { ClipSamples = false };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw request.Error($"Ogg Vorbis stream cannot be opened: {ex.Message}", ex);
        }
        float[]? chunk = null;
        using (reader)
        {
            int channels, rate;
            try
            {
                channels = reader.Channels;
                rate = reader.SampleRate;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw request.Error($"Ogg Vorbis headers cannot be read: {ex.Message}", ex);
            }
            request.ValidateLayout(channels, rate, "Ogg Vorbis");
            var sink = new InterleavedSampleSink(request, channels, rate);
            try
            {
                chunk = ArrayPool<float>.Shared.Rent(ChunkFrames * channels);
                int chunkLength = ChunkFrames * channels;
                while (!sink.IsFull)
                {
                    request.CancellationToken.ThrowIfCancellationRequested();
                    int read;
                    try
                    {
                        read = reader.ReadSamples(chunk, 0, chunkLength);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException and not AudioFormatException)
                    {
                        if (sink.SourceSamples > 0) break; // damaged tail: keep the frames decoded so far
                        throw request.Error($"Ogg Vorbis data cannot be decoded: {ex.Message}", ex);
                    }
                    if (read <= 0) break;
                    sink.Add(chunk.AsSpan(0, read - read % channels));
                }
            }
            finally
            {
                if (chunk is not null) ArrayPool<float>.Shared.Return(chunk);
            }
            if (sink.SourceSamples == 0) throw request.Error("no audio frames: the Ogg Vorbis stream holds no audio");
            return sink.ToDecodedAudio();
        }
    }
}
