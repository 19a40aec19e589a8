namespace MusicGenre.Audio.Mp3;

/// <summary>The fields of one MPEG audio frame header that matter for detection and gapless trimming.</summary>
internal readonly record struct MpegFrameHeader(int Version, int Layer, int SampleRate, int Channels, int FrameLength, int SamplesPerFrame, int SideInfoLength)
{
    private static readonly int[] Mpeg1Layer3Kbps = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
    private static readonly int[] Mpeg2Layer3Kbps = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
    private static readonly int[] Mpeg1Layer2Kbps = [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384];
    private static readonly int[] Mpeg1Layer1Kbps = [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448];
    private static readonly int[] Mpeg2Layer1Kbps = [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256];
    private static readonly int[] Mpeg1Rates = [44100, 48000, 32000];

    /// <summary>Parses a big-endian 32-bit header; null when it is not a valid (non free-format) frame header.</summary>
    /// <remarks>Version: 1 = MPEG-1, 2 = MPEG-2, 25 = MPEG-2.5.</remarks>
    public static MpegFrameHeader? TryParse(uint h)
    {
        if ((h & 0xFFE00000u) != 0xFFE00000u) return null;
        int versionBits = (int)(h >> 19) & 3;
        int layerBits = (int)(h >> 17) & 3;
        int bitrateIndex = (int)(h >> 12) & 15;
        int rateIndex = (int)(h >> 10) & 3;
        if (versionBits == 1 || layerBits == 0 || bitrateIndex is 0 or 15 || rateIndex == 3) return null;
        int version = versionBits switch { 3 => 1, 2 => 2, _ => 25 };
        int layer = 4 - layerBits;
        int sampleRate = Mpeg1Rates[rateIndex] / (version == 1 ? 1 : version == 2 ? 2 : 4);
        int padding = (int)(h >> 9) & 1;
        int channelMode = (int)(h >> 6) & 3;
        int channels = channelMode == 3 ? 1 : 2;
        int kbps = (layer, version) switch
        {
            (3, 1) => Mpeg1Layer3Kbps[bitrateIndex],
            (3, _) or (2, 2) or (2, 25) => Mpeg2Layer3Kbps[bitrateIndex],
            (2, 1) => Mpeg1Layer2Kbps[bitrateIndex],
            (1, 1) => Mpeg1Layer1Kbps[bitrateIndex],
            _ => Mpeg2Layer1Kbps[bitrateIndex],
        };
        int samplesPerFrame = layer == 1 ? 384 : layer == 2 || version == 1 ? 1152 : 576;
        int frameLength = layer == 1
            ? (12 * kbps * 1000 / sampleRate + padding) * 4
            : samplesPerFrame / 8 * kbps * 1000 / sampleRate + padding;
        int sideInfo = layer != 3 ? 0 : version == 1 ? (channels == 1 ? 17 : 32) : (channels == 1 ? 9 : 17);
        return new MpegFrameHeader(version, layer, sampleRate, channels, frameLength, samplesPerFrame, sideInfo);
    }
}
