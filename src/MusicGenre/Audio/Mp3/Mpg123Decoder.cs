using System.Runtime.InteropServices;

namespace MusicGenre.Audio.Mp3;

/// <summary>
/// MPEG audio through the system's libmpg123 (<see cref="Mpg123Library"/>), with the flags libsndfile, and so
/// <c>librosa.load</c>, uses: gapless (encoder delay and padding trimmed), 32-bit float, no resampling, no
/// "Frankenstein" streams. A window past the start seeks sample-accurately (mpg123 scans the frame index first, then
/// decodes from a few frames before the target so the bit reservoir is filled). The input is read from memory through
/// reader callbacks that check the cancellation token. Thread-safe (a handle per decode).
/// </summary>
internal sealed unsafe class Mpg123Decoder
{
    private const int SeekSet = 0, SeekCurrent = 1, SeekEnd = 2;
    private const int ChunkFloats = 1 << 15;
    private readonly Mpg123Library _library;

    public Mpg123Decoder(Mpg123Library library) => _library = library;

    /// <summary>Decodes the request's window of an MP3 held in <paramref name="data"/>.</summary>
    public DecodedAudio Decode(byte[] data, DecodeRequest request)
    {
        var source = new MemorySource(data, request.CancellationToken);
        var pin = GCHandle.Alloc(source);
        nint handle = 0;
        try
        {
            int error;
            handle = _library.New(null, &error);
            if (handle == 0) throw request.Error($"libmpg123 could not create a decoder: {_library.Message(error)}");
            _library.Param(handle, Mpg123Library.ParameterRemoveFlags, (nint)Mpg123Library.FlagAutoResample, 0);
            _library.Param(handle, Mpg123Library.ParameterAddFlags,
                (nint)(Mpg123Library.FlagForceFloat | Mpg123Library.FlagGapless | Mpg123Library.FlagNoFrankenstein | Mpg123Library.FlagQuiet), 0);
            Check(_library.ReplaceReaderHandle(handle, &ReadCallback, &SeekCallback, null), handle, source, request, "set up reading");
            Check(_library.OpenHandle(handle, GCHandle.ToIntPtr(pin)), handle, source, request, "open the stream");
            nint rate;
            int channels, encoding;
            Check(_library.GetFormat(handle, &rate, &channels, &encoding), handle, source, request, "find an MPEG audio frame");
            request.ValidateLayout(channels, rate, "MP3");
            _library.FormatNone(handle);
            Check(_library.Format(handle, rate, channels, Mpg123Library.EncodingFloat32), handle, source, request, "select 32-bit float output");

            var window = request.Window((int)rate);
            long skip = 0;
            if (window.Start > 0)
            {
                Check(_library.Scan(handle), handle, source, request, "index the frames");
                long at = _library.Seek(handle, window.Start, SeekSet);
                if (at < 0) return Empty(channels, (int)rate); // past the end, like librosa's offset past the end
                skip = window.Start - at;
            }
            // Stereo is averaged here, chunk by chunk, exactly as ChannelMixer.ToMono would (librosa's to_mono).
            bool mix = request.Options.Mono && channels == 2;
            int outputChannels = mix ? 1 : channels;
            // Sized once from mpg123's length (gapless, from the LAME header) when it knows it: no growing, no final copy.
            long length = _library.Length(handle);
            long expected = length > 0 ? Math.Max(0, Math.Min(window.Count, length - window.Start)) * outputChannels : 1 << 16;
            var sink = new InterleavedSampleSink(request, outputChannels, (int)rate, Mp3Decoder.MaxSamplesPerInputByte,
                skipFrames: skip - window.Start, initialCapacity: (int)Math.Clamp(expected, outputChannels, Array.MaxLength));
            var chunk = new float[ChunkFloats - ChunkFloats % channels];
            var mono = mix ? new float[chunk.Length / 2] : [];
            fixed (float* output = chunk)
            {
                while (!sink.IsFull)
                {
                    request.CancellationToken.ThrowIfCancellationRequested();
                    nuint done;
                    int status = _library.Read(handle, (byte*)output, (nuint)(chunk.Length * sizeof(float)), &done);
                    source.ThrowIfCancelled();
                    int floats = (int)(done / sizeof(float));
                    floats -= floats % channels;
                    if (floats > 0)
                    {
                        if (mix)
                        {
                            for (int i = 0, j = 0; j < floats; i++, j += 2) mono[i] = (chunk[j] + chunk[j + 1]) / 2f;
                            sink.Add(mono.AsSpan(0, floats / 2));
                        }
                        else
                        {
                            sink.Add(chunk.AsSpan(0, floats));
                        }
                    }
                    if (status == Mpg123Library.Ok || (status == Mpg123Library.NewFormat && floats == 0 && sink.SourceSamples == 0)) continue;
                    if (status is Mpg123Library.Done or Mpg123Library.NeedMore or Mpg123Library.NewFormat) break;
                    if (sink.SourceSamples > 0 || window.Start > 0) break; // a damaged tail keeps the audio before it
                    throw request.Error($"MP3 data cannot be decoded: libmpg123 says {_library.Message(status)}");
                }
            }
            if (sink.SourceSamples == 0 && window.Start == 0) throw request.Error("no audio frames: no decodable MP3 audio was found");
            return sink.ToDecodedAudio() with { SourceChannels = channels };
        }
        finally
        {
            if (handle != 0)
            {
                _library.Close(handle);
                _library.Delete(handle);
            }
            pin.Free();
        }
    }

    private static DecodedAudio Empty(int channels, int rate) => new([], 0, channels, rate);

    private void Check(int status, nint handle, MemorySource source, DecodeRequest request, string what)
    {
        source.ThrowIfCancelled();
        if (status != Mpg123Library.Ok) throw request.Error($"libmpg123 could not {what}: {_library.Message(status)}");
    }

    [UnmanagedCallersOnly]
    private static nint ReadCallback(nint handle, byte* buffer, nuint count)
    {
        var source = (MemorySource)GCHandle.FromIntPtr(handle).Target!;
        if (source.CancellationToken.IsCancellationRequested)
        {
            source.Cancelled = true;
            return -1;
        }
        int n = (int)Math.Min((long)count, source.Data.Length - source.Position);
        if (n <= 0) return 0;
        source.Data.AsSpan((int)source.Position, n).CopyTo(new Span<byte>(buffer, n));
        source.Position += n;
        return n;
    }

    [UnmanagedCallersOnly]
    private static long SeekCallback(nint handle, long offset, int whence)
    {
        var source = (MemorySource)GCHandle.FromIntPtr(handle).Target!;
        long target = whence switch
        {
            SeekSet => offset,
            SeekCurrent => source.Position + offset,
            SeekEnd => source.Data.Length + offset,
            _ => -1,
        };
        if (target < 0 || target > source.Data.Length) return -1;
        source.Position = target;
        return target;
    }

    /// <summary>The input as libmpg123 reads it.</summary>
    private sealed class MemorySource(byte[] data, CancellationToken cancellationToken)
    {
        public byte[] Data { get; } = data;
        public long Position { get; set; }
        public CancellationToken CancellationToken { get; } = cancellationToken;
        public bool Cancelled { get; set; }

        public void ThrowIfCancelled()
        {
            if (Cancelled) CancellationToken.ThrowIfCancellationRequested();
        }
    }
}
