namespace MusicGenre.Features;

/// <summary>What to do with a track that has fewer frames than one window.</summary>
public enum ShortTrackHandling
{
    /// <summary>Pad the track on the right with its own minimum value (the dB floor of a <c>power_to_db</c> spectrogram) to one window.</summary>
    Pad = 0,

    /// <summary>Throw an <see cref="InvalidDataException"/> naming the row and its frame count.</summary>
    Error = 1,
}
