namespace MusicGenre.Audio;

/// <summary>The container or codec of an audio file, as detected from its first bytes (never from its extension).</summary>
public enum AudioContainerFormat
{
    /// <summary>The content matches no known audio signature.</summary>
    Unknown = 0,

    /// <summary>RIFF WAVE (managed decoder).</summary>
    Wav,

    /// <summary>Sun/NeXT AU, <c>.snd</c> (managed decoder).</summary>
    Au,

    /// <summary>AIFF or AIFF-C (managed decoder).</summary>
    Aiff,

    /// <summary>MPEG-1/2 audio layer III (managed decoder, NLayer).</summary>
    Mp3,

    /// <summary>Ogg Vorbis (managed decoder, NVorbis).</summary>
    OggVorbis,

    /// <summary>Ogg Opus (ffmpeg).</summary>
    OggOpus,

    /// <summary>FLAC, native or in Ogg (ffmpeg).</summary>
    Flac,

    /// <summary>MPEG-4 / M4A / QuickTime, typically AAC or ALAC (ffmpeg).</summary>
    Mp4,

    /// <summary>Raw AAC in ADTS frames (ffmpeg).</summary>
    Aac,

    /// <summary>Matroska or WebM (ffmpeg).</summary>
    Matroska,

    /// <summary>Windows Media / ASF (ffmpeg).</summary>
    Asf,

    /// <summary>Apple Core Audio Format (ffmpeg).</summary>
    Caf,

    /// <summary>WavPack (ffmpeg).</summary>
    WavPack,

    /// <summary>Monkey's Audio (ffmpeg).</summary>
    Ape,

    /// <summary>Another Ogg codec (Speex, Theora...) (ffmpeg).</summary>
    OggOther,

    /// <summary>RF64 / BW64, the 64-bit WAV variant (ffmpeg).</summary>
    Rf64,
}
