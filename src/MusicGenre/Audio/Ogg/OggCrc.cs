namespace MusicGenre.Audio.Ogg;

/// <summary>The Ogg page checksum (RFC 3533): CRC-32, polynomial 0x04C11DB7, not reflected, initial value 0.</summary>
internal static class OggCrc
{
    private static readonly uint[] Table = BuildTable();

    /// <summary>The checksum of <paramref name="page"/>, its four checksum bytes at <paramref name="skipFrom"/> counted as zeros.</summary>
    public static uint Compute(ReadOnlySpan<byte> page, int skipFrom = int.MaxValue)
    {
        uint crc = 0;
        for (int i = 0; i < page.Length; i++)
        {
            byte b = i >= skipFrom && i < skipFrom + 4 ? (byte)0 : page[i];
            crc = (crc << 8) ^ Table[((crc >> 24) ^ b) & 0xFF];
        }
        return crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint r = i << 24;
            for (int j = 0; j < 8; j++) r = (r & 0x80000000u) != 0 ? (r << 1) ^ 0x04C11DB7u : r << 1;
            table[i] = r;
        }
        return table;
    }
}
