namespace MusicGenre.Audio.Mp3;

/// <summary>Which MP3 decoder <see cref="AudioFile"/> uses (see <see cref="Mp3Decoders"/>).</summary>
public enum Mp3Backend
{
    /// <summary>The system's libmpg123 where it loads, else the managed decoder.</summary>
    Auto,

    /// <summary>The system's libmpg123 (what libsndfile, and so librosa, decodes MP3 with); the managed decoder where it is absent.</summary>
    Native,

    /// <summary>The managed decoder (NLayer), everywhere.</summary>
    Managed,
}
