namespace MusicGenre.Features;

/// <summary>
/// Mel power spectrogram that matches <c>librosa.feature.melspectrogram</c>.
/// Output layout: <c>[NMels, frames]</c>, row-major (mel band outer), float32.
/// </summary>
public sealed class MelSpectrogram
{
    /// <summary>Creates the extractor; options are validated all at once.</summary>
    /// <param name="options">Options; null for librosa's defaults.</param>
    public MelSpectrogram(MelSpectrogramOptions? options = null)
        => throw new NotImplementedException("features: work in progress");

    /// <summary>Number of frames librosa produces for a signal of <paramref name="sampleCount"/> samples.</summary>
    public int FrameCount(int sampleCount) => throw new NotImplementedException();

    /// <summary>Computes the mel spectrogram of a mono signal.</summary>
    /// <returns>Row-major <c>[NMels, FrameCount(samples.Length)]</c>.</returns>
    public float[] Compute(ReadOnlySpan<float> samples) => throw new NotImplementedException();
}
