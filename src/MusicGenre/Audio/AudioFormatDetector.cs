using System.Buffers.Binary;
using System.Text;
using MusicGenre.Audio.Mp3;

namespace MusicGenre.Audio;

/// <summary>Detects an audio file's format from its first bytes (magic numbers), never from its name.</summary>
public static class AudioFormatDetector
{
    /// <summary>How many leading bytes <see cref="Detect"/> looks at (fewer are fine for short files).</summary>
    public const int HeaderLength = 64;

    /// <summary>Detects the format of content starting with <paramref name="header"/>.</summary>
    /// <param name="header">The first bytes of the content (ideally <see cref="HeaderLength"/> of them, or all of a shorter file).</param>
    /// <returns>The detected format, or <see cref="AudioContainerFormat.Unknown"/>.</returns>
    public static AudioContainerFormat Detect(ReadOnlySpan<byte> header)
    {
        if (header.Length >= 12 && Is(header, 0, "RIFF") && Is(header, 8, "WAVE")) return AudioContainerFormat.Wav;
        if (header.Length >= 12 && (Is(header, 0, "RF64") || Is(header, 0, "BW64")) && Is(header, 8, "WAVE")) return AudioContainerFormat.Rf64;
        if (header.Length >= 4 && Is(header, 0, ".snd")) return AudioContainerFormat.Au;
        if (header.Length >= 12 && Is(header, 0, "FORM") && (Is(header, 8, "AIFF") || Is(header, 8, "AIFC"))) return AudioContainerFormat.Aiff;
        if (header.Length >= 4 && Is(header, 0, "OggS")) return DetectOgg(header);
        if (header.Length >= 4 && Is(header, 0, "fLaC")) return AudioContainerFormat.Flac;
        if (header.Length >= 8 && Is(header, 4, "ftyp")) return AudioContainerFormat.Mp4;
        if (header.Length >= 4 && header[0] == 0x1A && header[1] == 0x45 && header[2] == 0xDF && header[3] == 0xA3) return AudioContainerFormat.Matroska;
        if (header.Length >= 4 && header[0] == 0x30 && header[1] == 0x26 && header[2] == 0xB2 && header[3] == 0x75) return AudioContainerFormat.Asf;
        if (header.Length >= 4 && Is(header, 0, "caff")) return AudioContainerFormat.Caf;
        if (header.Length >= 4 && Is(header, 0, "wvpk")) return AudioContainerFormat.WavPack;
        if (header.Length >= 4 && Is(header, 0, "MAC ")) return AudioContainerFormat.Ape;
        if (header.Length >= 10 && Is(header, 0, "ID3")) return DetectAfterId3(header);
        return DetectMpegFrames(header);
    }

    /// <summary>A short description of the first bytes, for error messages.</summary>
    internal static string Describe(ReadOnlySpan<byte> header)
    {
        if (header.IsEmpty) return "the content is empty (0 bytes)";
        var shown = header[..Math.Min(8, header.Length)];
        var hex = Convert.ToHexString(shown);
        var sb = new StringBuilder();
        for (int i = 0; i < hex.Length; i += 2) sb.Append(i == 0 ? "" : " ").Append(hex, i, 2);
        return $"first bytes {sb}";
    }

    private static AudioContainerFormat DetectOgg(ReadOnlySpan<byte> header)
    {
        // First page: 27-byte header + segment table, then the first packet.
        if (header.Length < 28) return AudioContainerFormat.OggOther;
        int segments = header[26];
        int packet = 27 + segments;
        if (header.Length >= packet + 7 && header[packet] == 1 && Is(header, packet + 1, "vorbis")) return AudioContainerFormat.OggVorbis;
        if (header.Length >= packet + 8 && Is(header, packet, "OpusHead")) return AudioContainerFormat.OggOpus;
        if (header.Length >= packet + 5 && header[packet] == 0x7F && Is(header, packet + 1, "FLAC")) return AudioContainerFormat.Flac;
        return AudioContainerFormat.OggOther;
    }

    private static AudioContainerFormat DetectAfterId3(ReadOnlySpan<byte> header)
    {
        // An ID3v2 tag may precede MP3, AAC or FLAC; look past it when the header holds enough bytes, else assume MP3,
        // the usual case (the MP3 decoder reports a clear error if no frames follow).
        int size = (header[6] & 0x7F) << 21 | (header[7] & 0x7F) << 14 | (header[8] & 0x7F) << 7 | (header[9] & 0x7F);
        int after = 10 + size + ((header[5] & 0x10) != 0 ? 10 : 0);
        if (after + 4 <= header.Length)
        {
            var rest = header[after..];
            if (Is(rest, 0, "fLaC")) return AudioContainerFormat.Flac;
            if (rest.Length >= 2 && rest[0] == 0xFF && (rest[1] & 0xF6) == 0xF0) return AudioContainerFormat.Aac;
        }
        return AudioContainerFormat.Mp3;
    }

    private static AudioContainerFormat DetectMpegFrames(ReadOnlySpan<byte> header)
    {
        if (header.Length < 4 || header[0] != 0xFF || (header[1] & 0xE0) != 0xE0) return AudioContainerFormat.Unknown;
        int layer = (header[1] >> 1) & 3;
        if (layer == 0) return (header[1] & 0x18) is 0x10 or 0x18 ? AudioContainerFormat.Aac : AudioContainerFormat.Unknown;
        var first = MpegFrameHeader.TryParse(BinaryPrimitives.ReadUInt32BigEndian(header));
        if (first is null || first.Value.Layer != 3) return AudioContainerFormat.Unknown;
        // A second header right after the first frame, when the bytes are there, makes a false positive unlikely.
        int next = first.Value.FrameLength;
        if (next + 4 <= header.Length && MpegFrameHeader.TryParse(BinaryPrimitives.ReadUInt32BigEndian(header[next..])) is null)
            return AudioContainerFormat.Unknown;
        return AudioContainerFormat.Mp3;
    }

    private static bool Is(ReadOnlySpan<byte> data, int offset, string ascii)
    {
        if (offset < 0 || offset + ascii.Length > data.Length) return false;
        for (int i = 0; i < ascii.Length; i++)
            if (data[offset + i] != (byte)ascii[i]) return false;
        return true;
    }
}
