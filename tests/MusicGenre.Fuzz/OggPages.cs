using System.Buffers.Binary;

namespace MusicGenre.Fuzz;

/// <summary>Finds Ogg pages in a byte array and edits them with valid checksums (RFC 3533 CRC-32).</summary>
public static class OggPages
{
    private const int HeaderLength = 27;

    /// <summary>A page's place in the file.</summary>
    public readonly record struct Page(int Offset, int Length);

    /// <summary>The consecutive pages from the start of <paramref name="data"/>, up to the first that is not whole.</summary>
    public static List<Page> Find(ReadOnlySpan<byte> data)
    {
        var pages = new List<Page>();
        int pos = 0;
        while (pos + HeaderLength <= data.Length && data.Slice(pos, 4).SequenceEqual("OggS"u8))
        {
            int segments = data[pos + 26];
            if (pos + HeaderLength + segments > data.Length) break;
            int body = 0;
            for (int i = 0; i < segments; i++) body += data[pos + HeaderLength + i];
            int length = HeaderLength + segments + body;
            if (pos + length > data.Length) break;
            pages.Add(new Page(pos, length));
            pos += length;
        }
        return pages;
    }

    /// <summary>The Ogg CRC-32 (polynomial 0x04C11DB7, no reflection, initial value 0) of <paramref name="data"/>.</summary>
    public static uint Crc(ReadOnlySpan<byte> data) => MusicGenre.Audio.Ogg.OggCrc.Compute(data);

    /// <summary>Recomputes the checksum of the page at <paramref name="page"/> in place.</summary>
    public static void FixCrc(byte[] data, Page page)
    {
        var span = data.AsSpan(page.Offset, page.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(span[22..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(span[22..], Crc(span));
    }

    /// <summary>Whether the page's stored checksum is right.</summary>
    public static bool HasValidCrc(ReadOnlySpan<byte> data, Page page)
    {
        var copy = data.Slice(page.Offset, page.Length).ToArray();
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(copy.AsSpan(22));
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(22), 0);
        return Crc(copy) == stored;
    }

    /// <summary>A copy of <paramref name="data"/> with page <paramref name="index"/> inserted again right after itself (its checksum stays valid).</summary>
    public static byte[] DuplicatePage(byte[] data, int index)
    {
        var page = Find(data)[index];
        int end = page.Offset + page.Length;
        var result = new byte[data.Length + page.Length];
        data.AsSpan(0, end).CopyTo(result);
        data.AsSpan(page.Offset, page.Length).CopyTo(result.AsSpan(end));
        data.AsSpan(end).CopyTo(result.AsSpan(end + page.Length));
        return result;
    }

    /// <summary>A copy of <paramref name="data"/> without page <paramref name="index"/>.</summary>
    public static byte[] DeletePage(byte[] data, int index)
    {
        var page = Find(data)[index];
        return [.. data.AsSpan(0, page.Offset), .. data.AsSpan(page.Offset + page.Length)];
    }

    /// <summary>A copy of <paramref name="data"/> with the byte at <paramref name="offset"/> set and its page's checksum fixed.</summary>
    public static byte[] SetByte(byte[] data, int offset, byte value)
    {
        var result = (byte[])data.Clone();
        result[offset] = value;
        foreach (var page in Find(result))
        {
            if (offset >= page.Offset && offset < page.Offset + page.Length)
            {
                FixCrc(result, page);
                break;
            }
        }
        return result;
    }
}
