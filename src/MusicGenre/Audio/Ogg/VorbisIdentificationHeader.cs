using System.Buffers.Binary;

namespace MusicGenre.Audio.Ogg;

/// <summary>
/// The Vorbis identification header (Vorbis I specification §4.2.2), checked before NVorbis sees the stream: a
/// damaged block size or channel count must be a content error, not a decoder that never returns.
/// </summary>
internal readonly record struct VorbisIdentificationHeader(int Channels, long SampleRate, int BlockSize0, int BlockSize1)
{
    /// <summary>Parses and validates the first packet; throws a content error naming the bad field.</summary>
    public static VorbisIdentificationHeader Parse(ReadOnlySpan<byte> packet, DecodeRequest request)
    {
        if (packet.Length < 30 || packet[0] != 1 || !packet[1..7].SequenceEqual("vorbis"u8))
            throw request.Error($"Ogg Vorbis identification header is missing or damaged ({packet.Length} bytes in the first page)");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(packet[7..]);
        int channels = packet[11];
        long rate = BinaryPrimitives.ReadUInt32LittleEndian(packet[12..]);
        int exponent0 = packet[28] & 0x0F, exponent1 = packet[28] >> 4;
        if (version != 0) throw request.Error($"Ogg Vorbis version {version} is not supported (only 0 exists)");
        request.ValidateLayout(channels, rate, "Ogg Vorbis");
        if (exponent0 is < 6 or > 13 || exponent1 is < 6 or > 13 || exponent0 > exponent1)
            throw request.Error($"Ogg Vorbis block sizes {1L << exponent0} and {1L << exponent1} are invalid (each 64..8192, the first at most the second)");
        if ((packet[29] & 1) == 0) throw request.Error("Ogg Vorbis identification header has no framing bit");
        return new VorbisIdentificationHeader(channels, rate, 1 << exponent0, 1 << exponent1);
    }
}
