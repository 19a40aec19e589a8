using System.Buffers.Binary;

namespace MusicGenre.Audio.Mp3;

/// <summary>
/// Encoder delay and padding from the Xing/Info frame's LAME extension, used to trim an MP3 the way mpg123 (and so
/// libsndfile and librosa) does: skip <c>delay + 529</c> decoded samples (529 is the decoder's own delay) and keep
/// <c>frames · samplesPerFrame − delay − padding</c>.
/// </summary>
/// <param name="AudioFrames">Audio frames the Xing header counts (the Info frame itself excluded).</param>
/// <param name="SamplesPerFrame">Samples per channel in one frame (1152 for MPEG-1 layer III, 576 for MPEG-2/2.5).</param>
/// <param name="EncoderDelay">Samples the encoder prepended.</param>
/// <param name="Padding">Samples the encoder appended.</param>
internal readonly record struct Mp3GaplessInfo(long AudioFrames, int SamplesPerFrame, int EncoderDelay, int Padding)
{
    /// <summary>The synthesis delay of a layer III decoder (mpg123's GAPLESS_DELAY), in samples.</summary>
    public const int DecoderDelay = 529;

    /// <summary>Decoded samples (per channel) to drop at the start.</summary>
    public long SkipFrames => EncoderDelay + DecoderDelay;

    /// <summary>Samples (per channel) of real audio.</summary>
    public long AudioSamples => Math.Max(0, AudioFrames * SamplesPerFrame - EncoderDelay - Padding);

    /// <summary>Reads the gapless information from the start of an MP3; null when there is none.</summary>
    /// <param name="head">The first bytes of the file (a few kilobytes past any ID3v2 tag).</param>
    public static Mp3GaplessInfo? TryRead(ReadOnlySpan<byte> head)
    {
        int pos = 0;
        if (head.Length >= 10 && head.StartsWith("ID3"u8))
        {
            int size = (head[6] & 0x7F) << 21 | (head[7] & 0x7F) << 14 | (head[8] & 0x7F) << 7 | (head[9] & 0x7F);
            pos = 10 + size + ((head[5] & 0x10) != 0 ? 10 : 0);
        }
        if (pos < 0 || pos + 4 > head.Length) return null;
        uint raw = BinaryPrimitives.ReadUInt32BigEndian(head[pos..]);
        if (MpegFrameHeader.TryParse(raw) is not { Layer: 3 } frame) return null;
        bool crc = ((raw >> 16) & 1) == 0;
        int tag = pos + 4 + (crc ? 2 : 0) + frame.SideInfoLength;
        if (tag + 8 > head.Length) return null;
        var t = head[tag..];
        if (!t.StartsWith("Xing"u8) && !t.StartsWith("Info"u8)) return null;
        uint flags = BinaryPrimitives.ReadUInt32BigEndian(t[4..]);
        int q = 8;
        long frames = -1;
        if ((flags & 1) != 0)
        {
            if (q + 4 > t.Length) return null;
            frames = BinaryPrimitives.ReadUInt32BigEndian(t[q..]);
            q += 4;
        }
        if ((flags & 2) != 0) q += 4;
        if ((flags & 4) != 0) q += 100;
        if ((flags & 8) != 0) q += 4;
        if (frames < 0 || q + 24 > t.Length) return null;
        var lame = t[q..];
        // 9-byte encoder string ("LAME3.100", "Lavc59.37", ...), then 12 bits of delay and 12 of padding at byte 21.
        if (!IsPrintable(lame[..4])) return null;
        int delay = lame[21] << 4 | lame[22] >> 4;
        int padding = (lame[22] & 0x0F) << 8 | lame[23];
        return new Mp3GaplessInfo(frames, frame.SamplesPerFrame, delay, padding);
    }

    private static bool IsPrintable(ReadOnlySpan<byte> s)
    {
        foreach (var b in s)
            if (b is < 0x20 or > 0x7E) return false;
        return true;
    }
}
