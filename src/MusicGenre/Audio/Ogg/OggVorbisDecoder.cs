using NVorbis;

namespace MusicGenre.Audio.Ogg;

/// <summary>
/// Ogg Vorbis through NVorbis (first logical stream; samples are not clipped, as libsndfile leaves them).
/// Thread-safe (stateless; one NVorbis reader per call).
/// </summary>
internal sealed class OggVorbisDecoder : IAudioDecoder
{
    /// <summary>The shared instance.</summary>
    public static readonly OggVorbisDecoder Instance = new();

    public DecodedAudio Decode(Stream stream, DecodeRequest request)
    {
        VorbisReader reader;
        try
        {
            reader = new VorbisReader(stream, closeOnDispose: false) { ClipSamples = false };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw request.Error($"Ogg Vorbis stream cannot be opened: {ex.Message}", ex);
        }
        using (reader)
        {
            int channels, rate;
            try
            {
                channels = reader.Channels;
                rate = reader.SampleRate;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw request.Error($"Ogg Vorbis headers cannot be read: {ex.Message}", ex);
            }
            request.ValidateLayout(channels, rate, "Ogg Vorbis");
            return new InterleavedSampleSink(request, channels, rate).Fill(reader.ReadSamples, "Ogg Vorbis");
        }
    }
}
