using NVorbis;

namespace MusicGenre.Audio.Ogg;

/// <summary>
/// Ogg Vorbis through NVorbis (first logical stream; samples are not clipped, as libsndfile leaves them). The pages
/// are verified first (<see cref="OggPageIndex"/>: checksums, one serial number, increasing sequence and granule)
/// and the identification header is checked (<see cref="VorbisIdentificationHeader"/>), so NVorbis only ever sees a
/// clean stream; it reads through a <see cref="GuardedReadStream"/> (cancellation, a read budget of a few passes).
/// The last packet is trimmed to the final granule position here, not by NVorbis (see
/// <see cref="OggPageIndex.ToDecoderStream"/>).
/// Thread-safe (stateless; one NVorbis reader per call).
/// </summary>
internal sealed class OggVorbisDecoder : IAudioDecoder
{
    /// <summary>The shared instance.</summary>
    public static readonly OggVorbisDecoder Instance = new();

    /// <summary>
    /// Most samples (all channels) one input byte may decode to: a Vorbis packet of one byte can carry up to 4,096
    /// frames of silence per channel, real encoders stay far below (about 10 for music at 128 kbit/s).
    /// </summary>
    internal const int MaxSamplesPerInputByte = 2048;

    public DecodedAudio Decode(Stream stream, DecodeRequest request)
    {
        var data = StreamBytes.ReadAll(stream, request);
        var index = OggPageIndex.Build(data, request.CancellationToken);
        if (index.Pages.Count == 0) throw request.Error("no Ogg page with a valid checksum starts a stream");
        var header = VorbisIdentificationHeader.Parse(index.FirstPacket(data), request);
        using var clean = new GuardedReadStream(index.ToDecoderStream(data), request, "Ogg Vorbis");
        VorbisReader reader;
        try
        {
            reader = new VorbisReader(clean, closeOnDispose: false) { ClipSamples = false };
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not AudioFormatException)
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
            catch (Exception ex) when (ex is not OperationCanceledException and not AudioFormatException)
            {
                throw request.Error($"Ogg Vorbis headers cannot be read: {ex.Message}", ex);
            }
            if (channels != header.Channels || rate != header.SampleRate)
                throw request.Error($"Ogg Vorbis decoder reads {channels} channels at {rate} Hz but the header says {header.Channels} at {header.SampleRate} Hz");
            // A stream that starts at granule 0 (every encoder's output) ends at its last granule position.
            long frames = index.LastGranule > 0 ? index.LastGranule : long.MaxValue;
            return new InterleavedSampleSink(request, channels, rate, MaxSamplesPerInputByte, keepFrames: frames).Fill(reader.ReadSamples, "Ogg Vorbis");
        }
    }
}
