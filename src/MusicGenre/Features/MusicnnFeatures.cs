namespace MusicGenre.Features;

/// <summary>
/// musicnn's input features, as its own extractor computes them: from mono audio at 16 kHz, librosa's
/// <c>melspectrogram(n_fft=512, hop_length=256, n_mels=96)</c> (Hann, centred, power 2, Slaney mel and norm, fmax
/// 8 kHz), transposed to <c>[frames, 96]</c>, cast to float16, then <c>log10(10000·x + 1)</c>; cut into patches of
/// 187 frames (3 s).
/// </summary>
/// <remarks>
/// A track shorter than one patch is padded with zeros (silence) to one patch; the frames after the last whole
/// patch are dropped, as musicnn does. Not thread-safe (the underlying <see cref="MelSpectrogram"/> keeps scratch
/// buffers): use one instance per thread.
/// </remarks>
public sealed class MusicnnFeatures
{
    /// <summary>Sample rate the features expect, in Hz: 16,000.</summary>
    public const int SampleRate = 16000;

    /// <summary>FFT length in samples (librosa <c>n_fft</c>): 512.</summary>
    public const int NFft = 512;

    /// <summary>Hop between frames in samples (librosa <c>hop_length</c>): 256.</summary>
    public const int HopLength = 256;

    /// <summary>Mel bands (librosa <c>n_mels</c>): 96.</summary>
    public const int NMels = 96;

    /// <summary>Frames per patch: 187 (3 s).</summary>
    public const int PatchFrames = 187;

    private readonly MelSpectrogram mel;

    /// <summary>Creates the extractor; options are validated all at once.</summary>
    /// <param name="options">Patch options; null for the defaults (all non-overlapping patches).</param>
    public MusicnnFeatures(MusicnnFeaturesOptions? options = null)
    {
        Options = options ?? new MusicnnFeaturesOptions();
        Options.Validate();
        mel = new MelSpectrogram(new MelSpectrogramOptions
        {
            SampleRate = SampleRate,
            NFft = NFft,
            HopLength = HopLength,
            NMels = NMels,
        });
    }

    /// <summary>The patch options.</summary>
    public MusicnnFeaturesOptions Options { get; }

    /// <summary>Number of frames for a 16 kHz signal of <paramref name="sampleCount"/> samples (1 + samples / 256).</summary>
    /// <param name="sampleCount">Samples at 16 kHz.</param>
    public int FrameCount(int sampleCount) => mel.FrameCount(sampleCount);

    /// <summary>Computes the log-compressed mel features of a 16 kHz mono signal.</summary>
    /// <param name="samples">Mono samples at 16 kHz.</param>
    /// <returns>Row-major <c>[FrameCount(samples.Length), 96]</c> (time outer), like musicnn's <c>audio_rep</c>.</returns>
    public float[] Compute(ReadOnlySpan<float> samples)
    {
        var power = mel.Compute(samples); // [NMels, frames]
        var frames = power.Length / NMels;
        var features = new float[power.Length];
        for (var m = 0; m < NMels; m++)
        {
            var row = power.AsSpan(m * frames, frames);
            for (var t = 0; t < frames; t++) features[t * NMels + m] = Compress(row[t]);
        }
        return features;
    }

    /// <summary>musicnn's compression of one mel power value: <c>log10(10000·float16(x) + 1)</c>.</summary>
    /// <param name="power">Mel power (librosa's <c>melspectrogram</c> value).</param>
    public static float Compress(float power) => MathF.Log10(10000f * (float)(Half)power + 1f);

    /// <summary>Number of patches <see cref="ToPatches"/> returns for a track of <paramref name="frames"/> frames.</summary>
    /// <param name="frames">Frames of the track.</param>
    public int PatchCount(int frames)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frames);
        var all = frames < PatchFrames ? 1 : 1 + (frames - PatchFrames) / Options.PatchHop;
        return Options.MaxPatches is { } max ? Math.Min(all, max) : all;
    }

    /// <summary>The first frame of patch <paramref name="patch"/> of <see cref="ToPatches"/> for a track of <paramref name="frames"/> frames.</summary>
    /// <param name="frames">Frames of the track.</param>
    /// <param name="patch">The patch, 0 to <c>PatchCount(frames) - 1</c>.</param>
    public int PatchStartFrame(int frames, int patch)
    {
        var count = PatchCount(frames);
        ArgumentOutOfRangeException.ThrowIfNegative(patch);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(patch, count);
        var all = frames < PatchFrames ? 1 : 1 + (frames - PatchFrames) / Options.PatchHop;
        // Spread the kept patches evenly over all candidate patches (identity when none are dropped).
        var index = count == all ? patch : count == 1 ? (all - 1) / 2 : (int)Math.Round((double)patch * (all - 1) / (count - 1));
        return index * Options.PatchHop;
    }

    /// <summary>Cuts features into patches.</summary>
    /// <param name="features">Row-major <c>[frames, 96]</c> from <see cref="Compute"/>.</param>
    /// <returns>Row-major <c>[PatchCount(frames), 187, 96]</c>.</returns>
    public float[] ToPatches(ReadOnlySpan<float> features)
    {
        if (features.Length % NMels != 0)
            throw new ArgumentException($"Feature length {features.Length} is not a multiple of {NMels} mel bands.", nameof(features));
        var frames = features.Length / NMels;
        var count = PatchCount(frames);
        const int patchSize = PatchFrames * NMels;
        var patches = new float[count * patchSize];
        for (var p = 0; p < count; p++)
        {
            var start = PatchStartFrame(frames, p) * NMels;
            var length = Math.Min(patchSize, features.Length - start);
            features.Slice(start, length).CopyTo(patches.AsSpan(p * patchSize, length));
        }
        return patches;
    }

    /// <summary>Features of a 16 kHz mono signal, cut into patches.</summary>
    /// <param name="samples">Mono samples at 16 kHz.</param>
    /// <returns>Row-major <c>[patches, 187, 96]</c>.</returns>
    public float[] ComputePatches(ReadOnlySpan<float> samples) => ToPatches(Compute(samples));
}
