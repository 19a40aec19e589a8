using System.Buffers;
using NLayer;

namespace MusicGenre.Audio.Mp3;

/// <summary>
/// MPEG audio layer III through NLayer, trimmed like mpg123 when the LAME/Xing header gives the encoder delay and
/// padding (see <see cref="Mp3GaplessInfo"/>), so lengths match <c>librosa.load</c>. Thread-safe (stateless; one
/// NLayer decoder per call).
/// </summary>
internal sealed class Mp3Decoder : IAudioDecoder
{
    /// <summary>The shared instance.</summary>
    public static readonly Mp3Decoder Instance = new();

    private const int HeadBytes = 1 << 16;
    private const int ChunkSamples = 1 << 15;

    public DecodedAudio Decode(Stream stream, DecodeRequest request)
    {
        var head = ArrayPool<byte>.Shared.Rent(HeadBytes);
        float[]? chunk = null;
        try
        {
            long start = stream.Position;
            int headLength = stream.ReadAtLeast(head.AsSpan(0, HeadBytes), HeadBytes, throwOnEndOfStream: false);
            var gapless = Mp3GaplessInfo.TryRead(head.AsSpan(0, headLength));
            stream.Position = start;

            MpegFile mpeg;
            try
            {
                mpeg = new MpegFile(stream);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw request.Error($"MP3 stream cannot be opened: {ex.Message}", ex);
            }
            using (mpeg)
            {
                int channels = mpeg.Channels;
                int rate = mpeg.SampleRate;
                request.ValidateLayout(channels, rate, "MP3");
                var sink = gapless is { AudioSamples: > 0 } g
                    ? new InterleavedSampleSink(request, channels, rate, g.SkipFrames, g.AudioSamples)
                    : new InterleavedSampleSink(request, channels, rate);
                chunk = ArrayPool<float>.Shared.Rent(ChunkSamples * channels);
                int chunkLength = ChunkSamples * channels;
                while (!sink.IsFull)
                {
                    request.CancellationToken.ThrowIfCancellationRequested();
                    int read;
                    try
                    {
                        read = mpeg.ReadSamples(chunk, 0, chunkLength);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException and not AudioFormatException)
                    {
                        if (sink.SourceSamples > 0) break; // damaged tail: keep the frames decoded so far
                        throw request.Error($"MP3 data cannot be decoded: {ex.Message}", ex);
                    }
                    if (read <= 0) break;
                    sink.Add(chunk.AsSpan(0, read - read % channels));
                }
                if (sink.SourceSamples == 0) throw request.Error("no audio frames: no decodable MP3 frame was found");
                return sink.ToDecodedAudio();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(head);
            if (chunk is not null) ArrayPool<float>.Shared.Return(chunk);
        }
    }
}
