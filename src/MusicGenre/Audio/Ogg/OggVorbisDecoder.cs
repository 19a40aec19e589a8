using NVorbis;

namespace MusicGenre.Audio.Ogg;

/// <summary>
/// Ogg Vorbis through NVorbis (first logical stream; samples are not clipped, as libsndfile leaves them). The pages
/// are verified first (<see cref="OggPageIndex"/>: checksums, one serial number, increasing sequence and granule)
/// and the identification header is checked (<see cref="VorbisIdentificationHeader"/>), so NVorbis only ever sees a
/// clean stream; it reads through a <see cref="GuardedReadStream"/> (cancellation, a read budget of a few passes).
/// The last packet is trimmed to the final granule position here, not by NVorbis (see
/// <see cref="OggPageIndex.ToDecoderStream"/>). The length is the last granule position (no decoding); a range is
/// decoded from the start up to its end (NVorbis's seek is not sample-exact). Thread-safe (stateless; one NVorbis
/// reader per decode).
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

    public IAudioSource Open(Stream stream, DecodeRequest request)
    {
        var data = StreamBytes.ReadAll(stream, request);
        var index = OggPageIndex.Build(data, request.CancellationToken);
        if (index.Pages.Count == 0) throw request.Error("no Ogg page with a valid checksum starts a stream");
        var header = VorbisIdentificationHeader.Parse(index.FirstPacket(data), request);
        return new Source(index.ToDecoderStream(data).ToArray(), index.LastGranule, header);
    }

    private sealed class Source(byte[] clean, long lastGranule, VorbisIdentificationHeader header) : IAudioSource
    {
        public int SampleRate => (int)header.SampleRate;

        public int Channels => header.Channels;

        // A stream that starts at granule 0 (every encoder's output) ends at its last granule position.
        public long Frames => lastGranule > 0 ? lastGranule : -1;

        // NVorbis's own seek is not sample-exact here (128 samples off in the first audio page, a granule mismatch
        // error near the end): a range is decoded from the start and decoding stops at its end.
        public DecodedAudio Decode(DecodeRequest request) => Read(request);

        private DecodedAudio Read(DecodeRequest request)
        {
            using var stream = new GuardedReadStream(new MemoryStream(clean, writable: false), request, "Ogg Vorbis");
            VorbisReader reader;
            try
            {
                reader = new VorbisReader(stream, closeOnDispose: false) { ClipSamples = false };
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
                long frames = lastGranule > 0 ? lastGranule : long.MaxValue;
                return new InterleavedSampleSink(request, channels, rate, MaxSamplesPerInputByte, keepFrames: frames)
                    .Fill(reader.ReadSamples, "Ogg Vorbis", allowEmpty: request.Window(rate).Start > 0);
            }
        }

        public void Dispose()
        {
            // nothing held beyond the managed array
        }
    }
}
