namespace MusicGenre.Audio;

/// <summary>
/// An opened audio file or stream (<see cref="AudioFile.Open(string, AudioLoadOptions?, CancellationToken)"/>): its
/// native layout and <see cref="Duration"/>, learnt from the headers (WAV, AU, AIFF), the MP3 frame index and LAME
/// header, or the last Ogg granule position, and <see cref="Read"/>, which decodes only the range asked for: PCM by
/// byte offset, MP3 from a few frames before the range (through libmpg123 by sample-accurate seeking, or NLayer from
/// the frame index), Ogg Vorbis by granule position. Formats decoded by ffmpeg are decoded whole once, at open, and
/// each range is a slice. A read returns exactly what <see cref="AudioFile.Load(string, AudioLoadOptions?, CancellationToken)"/>
/// with that <see cref="AudioLoadOptions.Offset"/> and <see cref="AudioLoadOptions.Duration"/> returns (it is how
/// <c>Load</c> works). Thread-safe: reads are serialised. Dispose it to close the file.
/// </summary>
public sealed class AudioReader : IDisposable
{
    private readonly object _gate = new();
    private readonly DecodeRequest _request;
    private readonly string _formatName;
    private readonly Stream? _ownedStream;
    private IAudioSource _source;
    private bool _disposed;

    internal AudioReader(IAudioSource source, AudioContainerFormat format, string formatName, DecodeRequest request, string? sourcePath, Stream? ownedStream)
    {
        _source = source;
        _request = request;
        _formatName = formatName;
        _ownedStream = ownedStream;
        Format = format;
        SourcePath = sourcePath;
    }

    /// <summary>The container format, detected from the content.</summary>
    public AudioContainerFormat Format { get; }

    /// <summary>The file, or null for a stream.</summary>
    public string? SourcePath { get; }

    /// <summary>The options reads use (target rate, mono, limits); their offset and duration are not used.</summary>
    public AudioLoadOptions Options => _request.Options;

    /// <summary>Native sample rate, in Hz.</summary>
    public int SourceSampleRate => _source.SampleRate;

    /// <summary>Channels in the source.</summary>
    public int SourceChannels => _source.Channels;

    /// <summary>
    /// Frames (samples per channel) at the native rate, as a full load would decode them (MP3: after the encoder delay
    /// and padding are trimmed, like librosa). Known from the headers for WAV/AU/AIFF, from the LAME header or the
    /// frame index for MP3, from the last granule position for Ogg; a stream without them is decoded whole once.
    /// </summary>
    public long SourceFrames
    {
        get
        {
            lock (_gate)
            {
                ThrowIfDisposed();
                if (_source.Frames < 0) DecodeWhole(CancellationToken.None);
                return _source.Frames;
            }
        }
    }

    /// <summary>The duration at the native rate (<see cref="SourceFrames"/> / <see cref="SourceSampleRate"/>).</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds((double)SourceFrames / SourceSampleRate);

    /// <summary>
    /// Decodes one range, like <c>librosa.load(offset=…, duration=…)</c>: <c>int(offset × sr)</c> frames are skipped
    /// and <c>int(duration × sr)</c> kept at the native rate, then the range is mixed and resampled on its own.
    /// A range past the end gives an empty clip.
    /// </summary>
    /// <param name="offset">Where the range starts.</param>
    /// <param name="duration">How long it is; null reads to the end.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative offset or duration.</exception>
    /// <exception cref="AudioFormatException">The content is damaged in a way that stops decoding.</exception>
    /// <exception cref="ObjectDisposedException">The reader was disposed.</exception>
    public AudioClip Read(TimeSpan offset, TimeSpan? duration = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(offset, TimeSpan.Zero);
        if (duration is { } d) ArgumentOutOfRangeException.ThrowIfLessThan(d, TimeSpan.Zero, nameof(duration));
        return ReadSeconds(offset.TotalSeconds, duration?.TotalSeconds, cancellationToken);
    }

    /// <summary>Decodes the whole content.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    public AudioClip ReadAll(CancellationToken cancellationToken = default) => ReadSeconds(0, null, cancellationToken);

    /// <summary>Disposes the file (or the buffered copy of a stream) and any native decoder state.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _source.Dispose();
            _ownedStream?.Dispose();
        }
    }

    /// <summary>The range in seconds, as <see cref="AudioLoadOptions"/> holds it.</summary>
    internal AudioClip ReadSeconds(double offsetSeconds, double? durationSeconds, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var request = _request.ForRange(offsetSeconds, durationSeconds, cancellationToken);
        DecodedAudio decoded;
        lock (_gate)
        {
            ThrowIfDisposed();
            try
            {
                decoded = _source.Decode(request);
            }
            catch (Exception ex) when (AudioFile.IsDecoderFault(ex))
            {
                throw AudioFile.MalformedContent(request, _formatName, ex);
            }
        }
        return Finish(decoded, request, SourcePath);
    }

    /// <summary>Replaces a source of unknown length by its whole decode (formats without an index).</summary>
    private void DecodeWhole(CancellationToken cancellationToken)
    {
        var whole = _source.Decode(_request.ForRange(0, null, cancellationToken));
        _source.Dispose();
        _source = new DecodedSource(whole);
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>Mixes to mono (mean of channels, like librosa's <c>to_mono</c>) or de-interleaves, then resamples.</summary>
    private static AudioClip Finish(DecodedAudio decoded, DecodeRequest request, string? filePath)
    {
        var options = request.Options;
        var name = request.Name;
        int channels = decoded.Channels;
        int frames = checked((int)decoded.Frames);
        float[][] planes;
        if (channels == 1)
            planes = [decoded.Interleaved.Length == frames ? decoded.Interleaved : decoded.Interleaved[..frames]];
        else if (options.Mono)
            planes = [ChannelMixer.ToMono(decoded.Interleaved, channels, frames)];
        else
            planes = ChannelMixer.Deinterleave(decoded.Interleaved, channels, frames);

        int rate = decoded.SampleRate;
        if (options.SampleRate is { } target && target != rate)
        {
            Resampling.PolyphaseResampler resampler;
            try
            {
                resampler = Resampling.PolyphaseResampler.For(rate, target);
            }
            catch (ArgumentOutOfRangeException ex)
            {
                throw new AudioFormatException(filePath ?? name, $"the native rate {rate} Hz cannot be resampled to {target} Hz: {ex.Message}", ex);
            }
            long outputSamples = resampler.OutputLength(frames) * planes.Length;
            if (outputSamples > options.MaxSamples || outputSamples > Array.MaxLength)
            {
                throw new AudioFormatException(filePath ?? name,
                    $"resampling {frames} frames from {rate} Hz to {target} Hz would give {outputSamples} samples, more than MaxSamples ({options.MaxSamples})");
            }
            for (int c = 0; c < planes.Length; c++) planes[c] = resampler.Process(planes[c], request.CancellationToken);
            rate = target;
        }

        float[] samples = planes.Length == 1 ? planes[0] : ChannelMixer.Concatenate(planes);
        return new AudioClip(samples, rate, planes.Length, decoded.SampleRate, decoded.SourceChannels, filePath);
    }

}
