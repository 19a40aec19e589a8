namespace MusicGenre.Audio;

/// <summary>Whole-stream reads for decoders that work on the bytes in memory.</summary>
internal static class StreamBytes
{
    /// <summary>
    /// The content of a seekable stream from position 0, without copying when it is a <see cref="MemoryStream"/>
    /// over exactly those bytes.
    /// </summary>
    public static byte[] ReadAll(Stream stream, DecodeRequest request)
    {
        if (stream is MemoryStream memory && memory.TryGetBuffer(out var segment) && segment.Offset == 0
            && segment.Count == memory.Length && segment.Array!.Length == segment.Count)
            return segment.Array;
        if (stream.Length > Array.MaxLength) throw request.Error($"the input ({stream.Length} bytes) does not fit in memory");
        stream.Position = 0;
        var data = new byte[stream.Length];
        stream.ReadExactly(data);
        return data;
    }
}
