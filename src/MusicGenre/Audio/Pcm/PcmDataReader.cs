using System.Buffers;

namespace MusicGenre.Audio.Pcm;

/// <summary>
/// Reads the uncompressed sample data shared by WAV, AU and AIFF: never trusts the header's size (it is clipped to
/// the bytes left in the stream), honours the requested window and <see cref="AudioLoadOptions.MaxSamples"/>, and
/// returns the frames present when the data is truncated.
/// </summary>
internal static class PcmDataReader
{
    private const int ChunkBytes = 1 << 16;

    /// <summary>Reads sample data starting at the stream's position.</summary>
    /// <param name="stream">A seekable stream positioned at the first sample.</param>
    /// <param name="declaredBytes">The data size the header claims, or -1 for "to the end of the stream".</param>
    /// <param name="layout">Sample encoding and layout (already validated).</param>
    /// <param name="request">Window, limits and cancellation.</param>
    public static DecodedAudio Read(Stream stream, long declaredBytes, PcmLayout layout, DecodeRequest request)
    {
        int bytesPerFrame = layout.BytesPerFrame;
        long left = Math.Max(0, stream.Length - stream.Position);
        long available = declaredBytes < 0 ? left : Math.Min(declaredBytes, left);
        long totalFrames = available / bytesPerFrame; // at least one: PcmSource checked

        var window = request.Window(layout.SampleRate);
        long frames = window.Clip(totalFrames);
        long samples = frames * layout.Channels;
        if (samples > request.Options.MaxSamples)
            throw request.Error($"{frames} frames × {layout.Channels} channels = {samples} samples exceed MaxSamples ({request.Options.MaxSamples})");
        if (samples > Array.MaxLength)
            throw request.Error($"{samples} samples do not fit in one array");
        var output = new float[samples];
        if (frames == 0) return new DecodedAudio(output, 0, layout.Channels, layout.SampleRate);

        stream.Seek(window.Start * bytesPerFrame, SeekOrigin.Current);
        int chunkFrames = Math.Max(1, ChunkBytes / bytesPerFrame);
        var buffer = ArrayPool<byte>.Shared.Rent(chunkFrames * bytesPerFrame);
        try
        {
            long done = 0;
            while (done < frames)
            {
                request.CancellationToken.ThrowIfCancellationRequested();
                int want = (int)Math.Min(chunkFrames, frames - done);
                int got = stream.ReadAtLeast(buffer.AsSpan(0, want * bytesPerFrame), want * bytesPerFrame, throwOnEndOfStream: false);
                int gotFrames = got / bytesPerFrame;
                PcmSampleConverter.Convert(buffer.AsSpan(0, gotFrames * bytesPerFrame),
                    output.AsSpan((int)(done * layout.Channels), gotFrames * layout.Channels), layout.Encoding, layout.BigEndian);
                done += gotFrames;
                if (gotFrames < want) break; // the stream ended early: keep the frames present
            }

            if (done < frames) Array.Resize(ref output, (int)(done * layout.Channels));
            return new DecodedAudio(output, done, layout.Channels, layout.SampleRate);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
