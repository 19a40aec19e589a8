namespace MusicGenre.Audio.Pcm;

/// <summary>How one uncompressed sample is stored.</summary>
internal enum PcmEncoding
{
    UInt8,
    Int8,
    Int16,
    Int24,
    Int32,
    Float32,
    Float64,
    MuLaw,
    ALaw,
}

/// <summary>The layout of an uncompressed sample stream.</summary>
internal readonly record struct PcmLayout(PcmEncoding Encoding, bool BigEndian, int Channels, int SampleRate)
{
    public int BytesPerSample => Encoding switch
    {
        PcmEncoding.UInt8 or PcmEncoding.Int8 or PcmEncoding.MuLaw or PcmEncoding.ALaw => 1,
        PcmEncoding.Int16 => 2,
        PcmEncoding.Int24 => 3,
        PcmEncoding.Int32 or PcmEncoding.Float32 => 4,
        _ => 8,
    };

    public int BytesPerFrame => BytesPerSample * Channels;
}
