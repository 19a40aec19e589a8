using System.Buffers.Binary;

namespace MusicGenre.Audio.Ogg;

/// <summary>
/// The verified pages of the first logical stream of an Ogg file held in memory (RFC 3533). A page counts only when
/// its capture pattern, version, length and CRC-32 are right, it belongs to the first stream's serial number, its
/// sequence number is above the previous page's, and its granule position does not go back. Anything else (a
/// duplicated or replayed page, junk between pages, other multiplexed streams, a damaged page) is left out, so the
/// Vorbis decoder sees a clean, strictly increasing sequence of pages and never rereads or loops.
/// </summary>
internal sealed class OggPageIndex
{
    private const int HeaderLength = 27;

    private OggPageIndex(List<OggPage> pages, int serial, long droppedBytes)
    {
        Pages = pages;
        Serial = serial;
        DroppedBytes = droppedBytes;
    }

    /// <summary>The kept pages in file order.</summary>
    public IReadOnlyList<OggPage> Pages { get; }

    /// <summary>The serial number of the first logical stream.</summary>
    public int Serial { get; }

    /// <summary>Bytes that were not part of a kept page.</summary>
    public long DroppedBytes { get; }

    /// <summary>The largest granule position of the kept pages (the stream's end in samples, before the start trim), or -1.</summary>
    public long LastGranule
    {
        get
        {
            for (int i = Pages.Count - 1; i >= 0; i--)
                if (Pages[i].Granule >= 0) return Pages[i].Granule;
            return -1;
        }
    }

    /// <summary>Indexes <paramref name="data"/>; checks <paramref name="cancellationToken"/> every 256 pages.</summary>
    public static OggPageIndex Build(ReadOnlySpan<byte> data, CancellationToken cancellationToken)
    {
        var pages = new List<OggPage>(Math.Max(4, data.Length / 4096));
        int? serial = null;
        long lastSequence = -1, lastGranule = -1, kept = 0;
        int pos = 0;
        while (pos + HeaderLength <= data.Length)
        {
            if ((pages.Count & 255) == 255) cancellationToken.ThrowIfCancellationRequested();
            if (!TryReadPage(data, pos, out var page))
            {
                int next = data[(pos + 1)..].IndexOf("OggS"u8);
                if (next < 0) break;
                pos += 1 + next;
                continue;
            }
            pos += page.Length; // a valid page is never re-parsed: every step moves forward
            serial ??= (page.Flags & OggPage.BeginOfStream) != 0 ? page.Serial : null;
            if (serial is null || page.Serial != serial || page.Sequence <= lastSequence) continue;
            if (page.Granule >= 0 && page.Granule < lastGranule) continue;
            if (page.Granule >= 0) lastGranule = page.Granule;
            lastSequence = page.Sequence;
            pages.Add(page);
            kept += page.Length;
            if ((page.Flags & OggPage.EndOfStream) != 0) break;
        }
        return new OggPageIndex(pages, serial ?? 0, data.Length - kept);
    }

    /// <summary>
    /// The kept pages, concatenated, as a read-only stream, with the end-of-stream flag cleared (and the checksum
    /// fixed). NVorbis trims the last packet to the final granule position itself, and when that position is below
    /// what the packets hold (a damaged or inconsistent stream) its read loop never ends; without the flag it decodes
    /// the last packet whole and the caller trims to <see cref="LastGranule"/>.
    /// </summary>
    public MemoryStream ToDecoderStream(byte[] data)
    {
        var clean = new byte[data.Length - DroppedBytes];
        int at = 0;
        foreach (var page in Pages)
        {
            var target = clean.AsSpan(at, page.Length);
            data.AsSpan((int)page.Offset, page.Length).CopyTo(target);
            if ((page.Flags & OggPage.EndOfStream) != 0)
            {
                target[5] &= unchecked((byte)~OggPage.EndOfStream);
                BinaryPrimitives.WriteUInt32LittleEndian(target[22..], OggCrc.Compute(target, skipFrom: 22));
            }
            at += page.Length;
        }
        return new MemoryStream(clean, writable: false);
    }

    /// <summary>The first packet of the stream (the Vorbis identification header), when it lies whole in the first page.</summary>
    public ReadOnlySpan<byte> FirstPacket(ReadOnlySpan<byte> data)
    {
        if (Pages.Count == 0) return default;
        var page = Pages[0];
        var header = data.Slice((int)page.Offset, page.Length);
        int segments = header[26];
        int length = 0;
        for (int i = 0; i < segments; i++)
        {
            length += header[HeaderLength + i];
            if (header[HeaderLength + i] < 255) break;
        }
        return header.Slice(HeaderLength + segments, Math.Min(length, page.Length - HeaderLength - segments));
    }

    private static bool TryReadPage(ReadOnlySpan<byte> data, int pos, out OggPage page)
    {
        page = default;
        var head = data[pos..];
        if (head.Length < HeaderLength || !head.StartsWith("OggS"u8) || head[4] != 0) return false;
        int segments = head[26];
        if (head.Length < HeaderLength + segments) return false;
        int body = 0;
        for (int i = 0; i < segments; i++) body += head[HeaderLength + i];
        int length = HeaderLength + segments + body;
        if (head.Length < length) return false;
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(head[22..]);
        if (OggCrc.Compute(head[..length], skipFrom: 22) != stored) return false;
        page = new OggPage(pos, length, head[5], BinaryPrimitives.ReadInt64LittleEndian(head[6..]),
            BinaryPrimitives.ReadInt32LittleEndian(head[14..]), BinaryPrimitives.ReadUInt32LittleEndian(head[18..]));
        return true;
    }
}

/// <summary>One verified Ogg page.</summary>
/// <param name="Offset">Where the page starts in the file.</param>
/// <param name="Length">Header, segment table and body, in bytes.</param>
/// <param name="Flags">Header type flags (continued, first, last).</param>
/// <param name="Granule">The granule position (for Vorbis: samples up to the last packet that ends here), or -1.</param>
/// <param name="Serial">The logical stream's serial number.</param>
/// <param name="Sequence">The page sequence number.</param>
internal readonly record struct OggPage(long Offset, int Length, byte Flags, long Granule, int Serial, uint Sequence)
{
    public const byte BeginOfStream = 2;
    public const byte EndOfStream = 4;
}
