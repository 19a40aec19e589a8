using System.Buffers.Binary;

namespace MusicGenre.Fuzz;

/// <summary>
/// The project's own structure-aware mutator: bit flips, byte sets, extreme 32-bit header fields, duplicated and
/// deleted chunks, inserted junk, truncation, Ogg page duplication/deletion and header or body edits with the page
/// checksum fixed, and random bytes behind every magic number. Deterministic for a given <see cref="Random"/>.
/// </summary>
public static class Mutator
{
    /// <summary>The magic numbers random content is put behind.</summary>
    public static readonly IReadOnlyList<byte[]> Magics =
    [
        "RIFF\0\0\0\0WAVE"u8.ToArray(), ".snd"u8.ToArray(), "FORM\0\0\0\0AIFF"u8.ToArray(), "FORM\0\0\0\0AIFC"u8.ToArray(),
        [.. "ID3"u8, 3, 0, 0, 0, 0, 0, 0], "OggS"u8.ToArray(), [0xFF, 0xFB, 0x90, 0x00], [0xFF, 0xF3, 0x40, 0xC4],
        [.. "OggS"u8, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 30, 1, .. "vorbis"u8],
    ];

    /// <summary>Mutations that apply to any file.</summary>
    public static readonly string[] GenericKinds = ["flip-bits", "set-bytes", "extreme-field", "duplicate-range", "delete-range", "insert-junk", "truncate", "stack"];

    /// <summary>Mutations that apply to Ogg files (checksums stay valid).</summary>
    public static readonly string[] OggKinds = ["ogg-duplicate-page", "ogg-delete-page", "ogg-header-field", "ogg-body-byte", "ogg-swap-pages"];

    /// <summary>Applies the named mutation; returns the new bytes (the input is not changed).</summary>
    public static byte[] Apply(string kind, byte[] data, Random random) => kind switch
    {
        "flip-bits" => FlipBits(data, random),
        "set-bytes" => SetBytes(data, random),
        "extreme-field" => ExtremeField(data, random),
        "duplicate-range" => DuplicateRange(data, random),
        "delete-range" => DeleteRange(data, random),
        "insert-junk" => InsertJunk(data, random),
        "truncate" => data[..random.Next(data.Length)],
        "stack" => Apply(GenericKinds[random.Next(GenericKinds.Length - 1)], Apply(GenericKinds[random.Next(GenericKinds.Length - 1)], data, random), random),
        "ogg-duplicate-page" => OggPage(data, random, (d, i) => OggPages.DuplicatePage(d, i)),
        "ogg-delete-page" => OggPage(data, random, (d, i) => OggPages.DeletePage(d, i)),
        "ogg-swap-pages" => OggPage(data, random, (d, i) => SwapWithNext(d, i)),
        "ogg-header-field" => OggHeaderField(data, random),
        "ogg-body-byte" => OggBodyByte(data, random),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown mutation"),
    };

    /// <summary>A magic number followed by random bytes (up to 4 KB).</summary>
    public static byte[] RandomBehindMagic(Random random)
    {
        var magic = Magics[random.Next(Magics.Count)];
        var data = new byte[magic.Length + random.Next(0, 4096)];
        random.NextBytes(data);
        magic.CopyTo(data, 0);
        return data;
    }

    private static int HeaderBiased(int length, Random random)
        => random.Next(2) == 0 ? random.Next(Math.Min(96, length)) : random.Next(length);

    private static byte[] FlipBits(byte[] data, Random random)
    {
        var result = (byte[])data.Clone();
        if (result.Length == 0) return result;
        for (int n = random.Next(1, 9); n > 0; n--) result[HeaderBiased(result.Length, random)] ^= (byte)(1 << random.Next(8));
        return result;
    }

    private static byte[] SetBytes(byte[] data, Random random)
    {
        var result = (byte[])data.Clone();
        if (result.Length == 0) return result;
        for (int n = random.Next(1, 5); n > 0; n--) result[HeaderBiased(result.Length, random)] = (byte)random.Next(256);
        return result;
    }

    private static byte[] ExtremeField(byte[] data, Random random)
    {
        var result = (byte[])data.Clone();
        if (result.Length < 4) return result;
        int at = HeaderBiased(result.Length - 3, random);
        uint value = random.Next(8) switch
        {
            0 => 0u, 1 => uint.MaxValue, 2 => 0x7FFFFFFFu, 3 => 0x80000000u, 4 => (uint)random.Next(1, 100),
            5 => (uint)random.Next(100, 2000), 6 => 0xFFFFu, _ => (uint)random.Next(),
        };
        if (random.Next(2) == 0) BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(at), value);
        else BinaryPrimitives.WriteUInt32BigEndian(result.AsSpan(at), value);
        return result;
    }

    private static (int Start, int Length) Range(byte[] data, Random random)
    {
        int start = random.Next(data.Length);
        int length = random.Next(1, Math.Max(2, Math.Min(data.Length - start, 1 + random.Next(4096))));
        return (start, Math.Min(length, data.Length - start));
    }

    private static byte[] DuplicateRange(byte[] data, Random random)
    {
        if (data.Length == 0) return data;
        var (start, length) = Range(data, random);
        return [.. data.AsSpan(0, start + length), .. data.AsSpan(start, length), .. data.AsSpan(start + length)];
    }

    private static byte[] DeleteRange(byte[] data, Random random)
    {
        if (data.Length == 0) return data;
        var (start, length) = Range(data, random);
        return [.. data.AsSpan(0, start), .. data.AsSpan(start + length)];
    }

    private static byte[] InsertJunk(byte[] data, Random random)
    {
        var junk = new byte[random.Next(1, 512)];
        random.NextBytes(junk);
        int at = random.Next(data.Length + 1);
        return [.. data.AsSpan(0, at), .. junk, .. data.AsSpan(at)];
    }

    private static byte[] OggPage(byte[] data, Random random, Func<byte[], int, byte[]> edit)
    {
        int pages = OggPages.Find(data).Count;
        return pages == 0 ? FlipBits(data, random) : edit(data, random.Next(pages));
    }

    private static byte[] SwapWithNext(byte[] data, int index)
    {
        var pages = OggPages.Find(data);
        if (index + 1 >= pages.Count) return OggPages.DuplicatePage(data, index);
        var (a, b) = (pages[index], pages[index + 1]);
        return [.. data.AsSpan(0, a.Offset), .. data.AsSpan(b.Offset, b.Length), .. data.AsSpan(a.Offset, a.Length), .. data.AsSpan(b.Offset + b.Length)];
    }

    /// <summary>Sets a page header field (flags, granule, serial, sequence, a segment length) or a header-packet byte, and fixes the checksum.</summary>
    private static byte[] OggHeaderField(byte[] data, Random random)
    {
        var pages = OggPages.Find(data);
        if (pages.Count == 0) return FlipBits(data, random);
        var page = pages[random.Next(2) == 0 ? random.Next(Math.Min(3, pages.Count)) : random.Next(pages.Count)];
        var result = (byte[])data.Clone();
        var span = result.AsSpan(page.Offset, page.Length);
        switch (random.Next(7))
        {
            case 0: span[5] = (byte)random.Next(8); break;
            case 1: BinaryPrimitives.WriteInt64LittleEndian(span[6..], random.Next(3) switch { 0 => -1, 1 => random.Next(), _ => random.NextInt64() }); break;
            case 2: BinaryPrimitives.WriteInt32LittleEndian(span[14..], random.Next()); break;
            case 3: BinaryPrimitives.WriteUInt32LittleEndian(span[18..], (uint)random.Next(16)); break;
            case 4: if (span[26] > 0) span[27 + random.Next(span[26])] = (byte)random.Next(256); break;
            default:
                // The header packets: Vorbis identification (channels, rate, block sizes) and setup.
                int body = 27 + span[26];
                if (body < span.Length) span[body + random.Next(Math.Min(span.Length - body, 64))] = (byte)random.Next(256);
                break;
        }
        OggPages.FixCrc(result, page);
        return result;
    }

    private static byte[] OggBodyByte(byte[] data, Random random)
    {
        var pages = OggPages.Find(data);
        if (pages.Count == 0) return FlipBits(data, random);
        var page = pages[random.Next(pages.Count)];
        int body = 27 + data[page.Offset + 26];
        if (body >= page.Length) return data;
        var result = (byte[])data.Clone();
        for (int n = random.Next(1, 5); n > 0; n--) result[page.Offset + body + random.Next(page.Length - body)] = (byte)random.Next(256);
        OggPages.FixCrc(result, page);
        return result;
    }
}
