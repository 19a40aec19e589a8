using System.Buffers;
using NLayer;

namespace MusicGenre.Audio.Mp3;

/// <summary>
/// MPEG audio layer III: through the system's libmpg123 when <see cref="Mp3Decoders.Active"/> says so
/// (<see cref="Mpg123Decoder"/>), else through NLayer, trimmed like mpg123 when the LAME/Xing header gives the encoder delay and
/// padding (see <see cref="Mp3GaplessInfo"/>), so lengths match <c>librosa.load</c>. Long files (over
/// 2 × <see cref="MinFramesPerPiece"/> frames, about 53 s at 44.1 kHz) are cut at frame boundaries and the pieces
/// decoded in parallel, each starting a few frames early so the decoder's state (bit reservoir, overlap-add,
/// synthesis filter bank) is settled where its output is kept: the result equals a sequential decode. Clips such
/// as GTZAN's 30 s decode on one thread: pipelines already decode many files at once, and splitting short files
/// only adds contention. For mono output, NLayer mixes the two channels itself before synthesis (about a third faster;
/// 129 dB signal-to-error against averaging its stereo output). Thread-safe (stateless; one NLayer decoder per piece).
/// </summary>
internal sealed class Mp3Decoder : IAudioDecoder
{
    /// <summary>The shared instance (parallel across the machine's cores).</summary>
    public static readonly Mp3Decoder Instance = new(Environment.ProcessorCount);

    /// <summary>Frames decoded and discarded before each parallel piece (the bit reservoir reaches back at most 511 bytes).</summary>
    internal const int WarmUpFrames = 4;

    /// <summary>Fewest frames worth a parallel piece (1,024 frames ≈ 27 s at 44.1 kHz).</summary>
    internal const int MinFramesPerPiece = 1024;
    private const int HeadBytes = 1 << 16;

    /// <summary>
    /// Most samples (all channels) one input byte may decode to: the smallest layer III frame (MPEG-2, 8 kbit/s,
    /// 24 kHz) is 24 bytes for 576 stereo frames, 48 samples a byte.
    /// </summary>
    internal const int MaxSamplesPerInputByte = 64;
    private readonly int _maxParallelism;

    /// <summary>Creates a decoder.</summary>
    /// <param name="maxParallelism">Pieces decoded at once; 1 decodes sequentially.</param>
    internal Mp3Decoder(int maxParallelism) => _maxParallelism = Math.Max(1, maxParallelism);

    public IAudioSource Open(Stream stream, DecodeRequest request)
    {
        var data = StreamBytes.ReadAll(stream, request);
        var gapless = Mp3GaplessInfo.TryRead(data.AsSpan(0, Math.Min(data.Length, HeadBytes)));
        var index = Mp3FrameIndex.TryBuild(data, skipFirstFrame: gapless is not null);
        bool native = Mp3Decoders.Active == Mp3Backend.Native;
        // Without a clean frame index neither the length nor a seek point is known: decode whole once.
        if (index is null) return new DecodedSource(native ? DecodeNative(data, request.ForRange(0, null, request.CancellationToken)) : DecodeManaged(new MemoryStream(data, writable: false), request.ForRange(0, null, request.CancellationToken)));
        request.ValidateLayout(index.First.Channels, index.First.SampleRate, "MP3");
        return new Source(this, data, index, gapless, native);
    }

    /// <summary>Decodes the request's window (the whole file unless it says otherwise) with the selected backend.</summary>
    internal DecodedAudio Decode(Stream stream, DecodeRequest request)
    {
        using var source = Open(stream, request);
        return source.Decode(request);
    }

    private static DecodedAudio DecodeNative(byte[] data, DecodeRequest request) => new Mpg123Decoder(Mpg123Library.Instance!).Decode(data, request);

    /// <summary>An indexed MP3: the length from the LAME header or the frame count, ranges decoded from a few frames before.</summary>
    private sealed class Source(Mp3Decoder decoder, byte[] data, Mp3FrameIndex index, Mp3GaplessInfo? gapless, bool native) : IAudioSource
    {
        public int SampleRate => index.First.SampleRate;

        public int Channels => index.First.Channels;

        public long Frames => gapless?.AudioSamples ?? (long)index.Offsets.Length * index.First.SamplesPerFrame;

        public DecodedAudio Decode(DecodeRequest request)
        {
            if (native) return DecodeNative(data, request);
            var window = request.Window(SampleRate);
            if (!window.IsWhole && window.Start > 0 && TryDecodeRange(data, index, gapless, window, Frames, request) is { } range) return range;
            return decoder.DecodeManaged(new MemoryStream(data, writable: false), request);
        }

        public void Dispose()
        {
            // nothing held beyond the managed array
        }
    }

    /// <summary>
    /// Decodes only the frames a window needs with NLayer: from enough frames before it that the bit reservoir
    /// (up to 511 bytes back), the overlap-add and the synthesis filter bank are settled, aligned on the end of the
    /// decoded frames (NLayer drops a leading frame whose reservoir lies before its input). Null when NLayer
    /// disagrees with the index (the caller then decodes from the start).
    /// </summary>
    internal static DecodedAudio? TryDecodeRange(byte[] data, Mp3FrameIndex index, Mp3GaplessInfo? gapless, FrameWindow window, long totalFrames, DecodeRequest request)
    {
        int spf = index.First.SamplesPerFrame;
        int frames = index.Offsets.Length;
        int sourceChannels = index.First.Channels;
        int channels = request.Options.Mono ? 1 : sourceChannels;
        long skip = gapless?.SkipFrames ?? 0;
        long count = window.Clip(totalFrames);
        if (count <= 0) return new DecodedAudio([], 0, channels, index.First.SampleRate) { SourceChannels = sourceChannels };
        long first = window.Start + skip, end = window.Start + count + skip; // decoder output positions
        int firstFrame = (int)(first / spf);
        int endFrame = (int)Math.Min(frames, (end + spf - 1) / spf);
        if (firstFrame >= endFrame) return null;
        int settled = Math.Max(0, firstFrame - SettlingFrames);
        int warmFrom = settled;
        while (warmFrom > 0 && index.Offsets[settled] - index.Offsets[warmFrom] < MaxReservoirBytes + 64) warmFrom--;
        long keep = (long)(endFrame - firstFrame) * spf * channels;
        long samples = count * channels;
        if (samples > request.Options.MaxSamples) throw request.Error($"{count} frames × {channels} channels exceed MaxSamples ({request.Options.MaxSamples})");
        var output = new float[(endFrame - warmFrom) * spf * channels];
        int endByte = endFrame < frames ? index.Offsets[endFrame] : index.End;
        try
        {
            using var mpeg = new MpegFile(new MemoryStream(data, index.Offsets[warmFrom], endByte - index.Offsets[warmFrom], writable: false));
            if (mpeg.Channels != sourceChannels || Downmix(mpeg, request) != channels) return null;
            int produced = ReadFully(mpeg, output, request.CancellationToken);
            if (produced < keep) return null;
            long from = produced - keep + (first - (long)firstFrame * spf) * channels;
            long available = Math.Min(samples, produced - from);
            return new DecodedAudio(output.AsSpan((int)from, (int)available).ToArray(), available / channels, channels, index.First.SampleRate) { SourceChannels = sourceChannels };
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not AudioFormatException)
        {
            return null;
        }
    }

    /// <summary>Frames decoded before a range so the overlap-add and the synthesis filter bank are settled.</summary>
    private const int SettlingFrames = 3;

    /// <summary>How far back a layer III frame's main data may start (main_data_begin is 9 bits).</summary>
    private const int MaxReservoirBytes = 511;

    /// <summary>Decodes with NLayer whichever backend is selected.</summary>
    internal DecodedAudio DecodeManaged(Stream stream, DecodeRequest request)
    {
        var head = ArrayPool<byte>.Shared.Rent(HeadBytes);
        Mp3GaplessInfo? gapless;
        try
        {
            int headLength = stream.ReadAtLeast(head.AsSpan(0, HeadBytes), HeadBytes, throwOnEndOfStream: false);
            gapless = Mp3GaplessInfo.TryRead(head.AsSpan(0, headLength));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(head);
        }
        stream.Position = 0;

        long estimatedFrames = gapless?.AudioFrames ?? stream.Length / 200; // ≥ 200 bytes a frame from 64 kbit/s up
        if (_maxParallelism > 1 && stream.Length is > 0 and <= int.MaxValue && estimatedFrames >= 2 * MinFramesPerPiece)
        {
            var data = new byte[stream.Length];
            stream.ReadExactly(data);
            var index = Mp3FrameIndex.TryBuild(data, skipFirstFrame: gapless is not null);
            int pieces = index is null ? 1 : Math.Min(_maxParallelism, index.Offsets.Length / MinFramesPerPiece);
            if (index is not null && pieces > 1 && TryDecodeParallel(data, index, pieces, gapless, request) is { } result) return result;
            return DecodeSequential(new MemoryStream(data, writable: false), gapless, request);
        }
        return DecodeSequential(stream, gapless, request);
    }

    private static DecodedAudio DecodeSequential(Stream stream, Mp3GaplessInfo? gapless, DecodeRequest request)
    {
        using var guarded = new GuardedReadStream(stream, request, "MP3");
        MpegFile mpeg = OpenNLayer(guarded, request);
        using (mpeg)
        {
            int channels = mpeg.Channels;
            int rate = mpeg.SampleRate;
            request.ValidateLayout(channels, rate, "MP3");
            int outputChannels = Downmix(mpeg, request);
            var decoded = CreateSink(request, outputChannels, rate, gapless, stream.Length).Fill(mpeg.ReadSamples, "MP3");
            return decoded with { SourceChannels = channels };
        }
    }

    /// <summary>Decodes pieces in parallel; null when NLayer disagrees with the index (then the caller decodes sequentially).</summary>
    internal static DecodedAudio? TryDecodeParallel(byte[] data, Mp3FrameIndex index, int pieces, Mp3GaplessInfo? gapless, DecodeRequest request)
    {
        int frames = index.Offsets.Length;
        int sourceChannels = index.First.Channels;
        int channels = request.Options.Mono ? 1 : sourceChannels;
        int rate = index.First.SampleRate;
        int spf = index.First.SamplesPerFrame;
        request.ValidateLayout(channels, rate, "MP3");
        var outputs = new ArraySegment<float>[pieces];
        bool ok = true;
        Parallel.For(0, pieces, new ParallelOptions { MaxDegreeOfParallelism = pieces, CancellationToken = request.CancellationToken }, piece =>
        {
            int firstFrame = (int)((long)frames * piece / pieces);
            int endFrame = (int)((long)frames * (piece + 1) / pieces);
            int warmFrom = Math.Max(0, firstFrame - WarmUpFrames);
            int startByte = index.Offsets[warmFrom];
            int endByte = endFrame < frames ? index.Offsets[endFrame] : index.End;
            int keep = (endFrame - firstFrame) * spf * channels;
            // NLayer drops a leading frame whose bit reservoir lies before the piece, so align on the piece's end:
            // its last `keep` samples are the frames [firstFrame, endFrame).
            var output = new float[(endFrame - warmFrom) * spf * channels];
            try
            {
                using var mpeg = new MpegFile(new MemoryStream(data, startByte, endByte - startByte, writable: false));
                if (mpeg.Channels != sourceChannels || mpeg.SampleRate != rate || Downmix(mpeg, request) != channels) { ok = false; return; }
                int produced = ReadFully(mpeg, output, request.CancellationToken);
                if (produced < keep || (piece == 0 && produced != keep)) { ok = false; return; }
                outputs[piece] = new ArraySegment<float>(output, produced - keep, keep);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not AudioFormatException)
            {
                ok = false;
            }
        });
        if (!ok) return null;
        var sink = CreateSink(request, channels, rate, gapless, data.Length);
        foreach (var output in outputs)
        {
            if (sink.IsFull) break;
            sink.Add(output.AsSpan());
        }
        return sink.ToDecodedAudio() with { SourceChannels = sourceChannels };
    }

    /// <summary>Lets NLayer mix stereo to mono when mono output is wanted; returns the channels it will output.</summary>
    private static int Downmix(MpegFile mpeg, DecodeRequest request)
    {
        if (!request.Options.Mono || mpeg.Channels != 2) return mpeg.Channels;
        mpeg.StereoMode = StereoMode.DownmixToMono;
        return 1;
    }

    private static int ReadFully(MpegFile mpeg, float[] buffer, CancellationToken cancellationToken)
    {
        int done = 0;
        while (done < buffer.Length)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int read = mpeg.ReadSamples(buffer, done, Math.Min(buffer.Length - done, 1 << 16));
            if (read <= 0) break;
            done += read;
        }
        return done;
    }

    private static MpegFile OpenNLayer(Stream stream, DecodeRequest request)
    {
        try
        {
            return new MpegFile(stream);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw request.Error($"MP3 stream cannot be opened: {ex.Message}", ex);
        }
    }

    private static InterleavedSampleSink CreateSink(DecodeRequest request, int channels, int rate, Mp3GaplessInfo? gapless, long streamBytes)
    {
        // Pre-size from the LAME claim only when the file is large enough to hold it (≥ 8 bytes per 1,152 samples).
        if (gapless is { AudioSamples: > 0 } g)
        {
            long claimed = g.AudioSamples * channels;
            int initial = (int)Math.Min(Math.Min(claimed, streamBytes / 8 * 1152 * channels), 1 << 26);
            return new InterleavedSampleSink(request, channels, rate, MaxSamplesPerInputByte, g.SkipFrames, g.AudioSamples, Math.Max(initial, 1 << 12));
        }
        return new InterleavedSampleSink(request, channels, rate, MaxSamplesPerInputByte);
    }
}
