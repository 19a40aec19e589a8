namespace MusicGenre.Audio;

/// <summary>
/// A read-only view of a seekable stream handed to a third-party decoder (NVorbis, NLayer): every read checks the
/// cancellation token, so a cancelled load stops at the decoder's next read, and the bytes read are counted against a
/// budget tied to the input's size, so a decoder that keeps seeking back over damaged content ends with a content
/// error instead of looping. Not thread-safe (one per decode).
/// </summary>
internal sealed class GuardedReadStream : Stream
{
    /// <summary>How many times a decoder may read the whole input before it counts as looping.</summary>
    public const int MaxPasses = 4;

    private readonly Stream _inner;
    private readonly DecodeRequest _request;
    private readonly string _format;
    private readonly long _budget;
    private long _read;

    public GuardedReadStream(Stream inner, DecodeRequest request, string format)
    {
        _inner = inner;
        _request = request;
        _format = format;
        _budget = MaxPasses * inner.Length + (1 << 20);
    }

    public override bool CanRead => true;
    public override bool CanSeek => _inner.CanSeek;
    public override bool CanWrite => false;
    public override long Length => _inner.Length;

    public override long Position
    {
        get => _inner.Position;
        set => _inner.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        _request.CancellationToken.ThrowIfCancellationRequested();
        int got = _inner.Read(buffer);
        _read += got;
        if (_read > _budget)
            throw _request.Error($"the {_format} decoder read {_read} bytes of a {_inner.Length}-byte input (more than {MaxPasses} passes): the stream is damaged and the decoder does not progress");
        return got;
    }

    public override int ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        return Read(one) == 1 ? one[0] : -1;
    }

    public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);
    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
