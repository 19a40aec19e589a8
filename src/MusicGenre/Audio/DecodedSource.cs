namespace MusicGenre.Audio;

/// <summary>
/// Content decoded whole once (formats without a seekable decoder: ffmpeg's, MP3 that does not index cleanly): each
/// range is a slice of it. Memory: the whole native-rate audio, bounded like any load.
/// </summary>
internal sealed class DecodedSource(DecodedAudio whole) : IAudioSource
{
    public int SampleRate => whole.SampleRate;

    public int Channels => whole.Channels;

    public long Frames => whole.Frames;

    public DecodedAudio Decode(DecodeRequest request) => Slice(whole, request.Window(whole.SampleRate));

    /// <summary>The frames of <paramref name="window"/> in <paramref name="audio"/>.</summary>
    public static DecodedAudio Slice(DecodedAudio audio, FrameWindow window)
    {
        if (window.IsWhole) return audio;
        long frames = window.Clip(audio.Frames);
        var samples = frames == 0 ? [] : audio.Interleaved.AsSpan((int)(window.Start * audio.Channels), (int)(frames * audio.Channels)).ToArray();
        return new DecodedAudio(samples, frames, audio.Channels, audio.SampleRate) { SourceChannels = audio.SourceChannels };
    }

    public void Dispose()
    {
        // nothing held beyond the managed array
    }
}
