namespace MusicGenre.MLNet.Persistence;

/// <summary>Bounds on what a model file may ask of the audio and feature steps.</summary>
internal static class ModelBounds
{
    public const int MinSampleRate = 1_000;
    public const int MaxSampleRate = 768_000;
    public const int MaxHopLength = 1 << 16;
    public const int MaxMelBands = 1024;

    /// <summary>Longest fixed duration or offset a step may ask for: a day, in seconds.</summary>
    public const double MaxSeconds = 86_400;
}
