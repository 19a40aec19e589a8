namespace MusicGenre.Audio.Pcm;

/// <summary>
/// Uncompressed sample data at a known place in a seekable stream (WAV, AU, AIFF): any range is read by seeking to
/// its byte offset, without touching the rest.
/// </summary>
internal sealed class PcmSource : IAudioSource
{
    private readonly Stream _stream;
    private readonly long _dataStart;
    private readonly long _declaredBytes;
    private readonly PcmLayout _layout;

    /// <summary>Creates the source; the data must hold at least one frame (else a content error).</summary>
    /// <param name="stream">The seekable stream (not owned).</param>
    /// <param name="dataStart">Offset of the first sample.</param>
    /// <param name="declaredBytes">The data size the header claims, or -1 for "to the end".</param>
    /// <param name="layout">Sample encoding and layout.</param>
    /// <param name="request">For errors.</param>
    /// <param name="format">Format name for errors.</param>
    public PcmSource(Stream stream, long dataStart, long declaredBytes, PcmLayout layout, DecodeRequest request, string format)
    {
        _stream = stream;
        _dataStart = dataStart;
        _declaredBytes = declaredBytes;
        _layout = layout;
        long left = Math.Max(0, stream.Length - dataStart);
        Frames = (declaredBytes < 0 ? left : Math.Min(declaredBytes, left)) / layout.BytesPerFrame;
        if (Frames == 0)
        {
            throw request.Error(declaredBytes > 0
                ? $"no audio frames: the {format} header claims {declaredBytes} data bytes but {left} follow (a frame is {layout.BytesPerFrame} bytes)"
                : $"no audio frames: the {format} data is empty");
        }
    }

    public int SampleRate => _layout.SampleRate;

    public int Channels => _layout.Channels;

    public long Frames { get; }

    public DecodedAudio Decode(DecodeRequest request)
    {
        _stream.Position = _dataStart;
        return PcmDataReader.Read(_stream, _declaredBytes, _layout, request);
    }

    public void Dispose()
    {
        // the stream belongs to the caller
    }
}
