namespace MusicGenre.Audio;

/// <summary>A decoder's output: interleaved float32 samples at the native rate, before mixing and resampling.</summary>
/// <param name="Interleaved">Interleaved samples; only the first <see cref="Frames"/> × <see cref="Channels"/> are valid.</param>
/// <param name="Frames">Number of frames (samples per channel) decoded.</param>
/// <param name="Channels">Channel count.</param>
/// <param name="SampleRate">Native sample rate, in Hz.</param>
internal sealed record DecodedAudio(float[] Interleaved, long Frames, int Channels, int SampleRate)
{
    /// <summary>Channels in the source; more than <see cref="Channels"/> when the decoder already mixed to mono.</summary>
    public int SourceChannels { get; init; } = Channels;
}
