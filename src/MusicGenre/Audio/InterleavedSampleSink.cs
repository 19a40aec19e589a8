using System.Buffers;

namespace MusicGenre.Audio;

/// <summary>
/// Collects interleaved samples from a streaming decoder whose length is not known in advance: skips the frames
/// before the requested window, stops after it, grows geometrically (never by what a header claims) and enforces
/// <see cref="AudioLoadOptions.MaxSamples"/>. Not thread-safe (one per decode).
/// </summary>
internal sealed class InterleavedSampleSink
{
    private readonly DecodeRequest _request;
    private readonly long _maxSamples;
    private float[] _buffer;
    private long _toSkip;   // samples still to drop before the window
    private long _toKeep;   // samples still wanted in the window
    private int _count;

    /// <summary>Creates a sink.</summary>
    /// <param name="request">Window, limits, name and cancellation.</param>
    /// <param name="channels">Interleaved channels.</param>
    /// <param name="sampleRate">Native rate, in Hz.</param>
    /// <param name="maxSamplesPerInputByte">The format's most samples per encoded byte (see <see cref="DecodeRequest.SampleLimit"/>).</param>
    /// <param name="skipFrames">Frames the decoder outputs before the audio (for example an MP3's delay).</param>
    /// <param name="keepFrames">Frames of real audio after <paramref name="skipFrames"/>, when known; the window is cut to them.</param>
    /// <param name="initialCapacity">First buffer size, in samples.</param>
    public InterleavedSampleSink(DecodeRequest request, int channels, int sampleRate, int maxSamplesPerInputByte, long skipFrames = 0, long keepFrames = long.MaxValue, int initialCapacity = 1 << 16)
    {
        _request = request;
        Channels = channels;
        SampleRate = sampleRate;
        var window = request.Window(sampleRate);
        _toSkip = SaturatingMultiply(skipFrames + window.Start, channels);
        _toKeep = SaturatingMultiply(Math.Min(window.Count, Math.Max(0, keepFrames - window.Start)), channels);
        _maxSamples = request.SampleLimit(maxSamplesPerInputByte);
        _buffer = new float[(int)Math.Min(initialCapacity, Math.Max(channels, Math.Min(_toKeep, _maxSamples)))];
    }

    public int Channels { get; }

    public int SampleRate { get; }

    /// <summary>Samples the source produced (before the window), to tell "no frames at all" from "window past the end".</summary>
    public long SourceSamples { get; private set; }

    /// <summary>True once the window is full: the decoder may stop.</summary>
    public bool IsFull => _toKeep == 0;

    /// <summary>Adds decoded interleaved samples.</summary>
    public void Add(ReadOnlySpan<float> samples)
    {
        SourceSamples += samples.Length;
        if (_toSkip > 0)
        {
            int skip = (int)Math.Min(_toSkip, samples.Length);
            _toSkip -= skip;
            samples = samples[skip..];
        }
        if (samples.IsEmpty || _toKeep == 0) return;
        if (samples.Length > _toKeep) samples = samples[..(int)_toKeep];
        long needed = (long)_count + samples.Length;
        if (needed > _maxSamples)
        {
            throw _request.Error(_maxSamples == _request.Options.MaxSamples
                ? $"decoded audio exceeds MaxSamples ({_maxSamples} samples); raise AudioLoadOptions.MaxSamples or set Duration"
                : $"decoded audio exceeds {_maxSamples} samples, more than a {_request.InputBytes}-byte input can hold: the stream is damaged");
        }
        if (needed > _buffer.Length)
        {
            long grown = Math.Max(needed, Math.Min((long)_buffer.Length * 2, Array.MaxLength));
            grown = Math.Min(grown, Math.Min(_maxSamples, Array.MaxLength));
            if (grown < needed) throw _request.Error($"decoded audio ({needed} samples) does not fit in one array");
            Array.Resize(ref _buffer, (int)grown);
        }
        samples.CopyTo(_buffer.AsSpan(_count));
        _count += samples.Length;
        _toKeep -= samples.Length;
    }

    /// <summary>
    /// Pulls interleaved samples from a streaming decoder until it ends or the window is full. A decoder failure
    /// after some audio keeps what was decoded (a damaged tail, like a truncated file); before any, it is a content
    /// error. No audio at all is an error too.
    /// </summary>
    /// <param name="read">The decoder's <c>ReadSamples(buffer, offset, count)</c>; returns samples read, 0 at the end.</param>
    /// <param name="format">Format name for error messages.</param>
    /// <param name="allowEmpty">Whether no audio is a result rather than an error (a range read after seeking to the end).</param>
    public DecodedAudio Fill(Func<float[], int, int, int> read, string format, bool allowEmpty = false)
    {
        const int chunkFrames = 1 << 14;
        int chunkLength = chunkFrames * Channels;
        var chunk = ArrayPool<float>.Shared.Rent(chunkLength);
        try
        {
            while (!IsFull)
            {
                _request.CancellationToken.ThrowIfCancellationRequested();
                int count;
                try
                {
                    count = read(chunk, 0, chunkLength);
                }
                catch (Exception ex) when (ex is not OperationCanceledException and not AudioFormatException)
                {
                    if (SourceSamples > 0) break;
                    throw _request.Error($"{format} data cannot be decoded: {ex.Message}", ex);
                }
                if (count <= 0) break;
                Add(chunk.AsSpan(0, count - count % Channels));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(chunk);
        }
        if (SourceSamples == 0 && !allowEmpty) throw _request.Error($"no audio frames: no decodable {format} audio was found");
        return ToDecodedAudio();
    }

    /// <summary>The collected audio (whole frames only).</summary>
    public DecodedAudio ToDecodedAudio()
    {
        int whole = _count - _count % Channels;
        var samples = whole == _buffer.Length ? _buffer : _buffer.AsSpan(0, whole).ToArray();
        return new DecodedAudio(samples, whole / Channels, Channels, SampleRate);
    }

    private static long SaturatingMultiply(long frames, int channels)
        => frames >= long.MaxValue / channels ? long.MaxValue : frames * channels;
}
