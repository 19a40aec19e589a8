using System.Buffers.Binary;

namespace MusicGenre.Audio.Mp3;

/// <summary>
/// The byte offsets of the consecutive layer III frames of an MP3 held in memory, found by walking frame headers
/// from the first audio frame (after any ID3v2 tag and the Xing/Info frame). Used to decode segments in parallel.
/// </summary>
internal sealed class Mp3FrameIndex
{
    private Mp3FrameIndex(int[] offsets, int end, MpegFrameHeader first)
    {
        Offsets = offsets;
        End = end;
        First = first;
    }

    /// <summary>Start offset of each audio frame.</summary>
    public int[] Offsets { get; }

    /// <summary>End of the last indexed frame.</summary>
    public int End { get; }

    /// <summary>The first audio frame's header (its rate, channels and samples per frame hold for all).</summary>
    public MpegFrameHeader First { get; }

    /// <summary>Indexes the frames; null when the stream does not walk cleanly (free format, junk between frames, format changes).</summary>
    public static Mp3FrameIndex? TryBuild(ReadOnlySpan<byte> data, bool skipFirstFrame)
    {
        int pos = 0;
        if (data.Length >= 10 && data.StartsWith("ID3"u8))
            pos = 10 + ((data[6] & 0x7F) << 21 | (data[7] & 0x7F) << 14 | (data[8] & 0x7F) << 7 | (data[9] & 0x7F)) + ((data[5] & 0x10) != 0 ? 10 : 0);
        if (pos < 0 || pos + 4 > data.Length) return null;
        if (MpegFrameHeader.TryParse(BinaryPrimitives.ReadUInt32BigEndian(data[pos..])) is not { Layer: 3 } first) return null;
        if (skipFirstFrame) pos += first.FrameLength;
        var offsets = new List<int>(Math.Max(16, data.Length / Math.Max(1, first.FrameLength) + 1));
        MpegFrameHeader? firstAudio = null;
        while (pos + 4 <= data.Length)
        {
            var header = MpegFrameHeader.TryParse(BinaryPrimitives.ReadUInt32BigEndian(data[pos..]));
            if (header is not { } h || h.Layer != 3 || h.SampleRate != first.SampleRate || h.Channels != first.Channels || h.Version != first.Version)
                break;
            if (pos + h.FrameLength > data.Length) break; // a partial last frame: left to the sequential tail
            firstAudio ??= h;
            offsets.Add(pos);
            pos += h.FrameLength;
        }
        if (firstAudio is null) return null;
        // Anything after the walk must be a tag or padding, not more audio we failed to follow.
        var rest = data[pos..];
        if (rest.Length > 128 + 4 && !rest.StartsWith("TAG"u8) && !rest.StartsWith("APETAGEX"u8) && !rest.StartsWith("LYRICS"u8)) return null;
        return new Mp3FrameIndex(offsets.ToArray(), pos, firstAudio.Value);
    }
}
