namespace MusicGenre.Features;

/// <summary>
/// Options of <see cref="MelSpectrogram"/>, named and defaulted as <c>librosa.feature.melspectrogram</c>'s.
/// </summary>
public sealed class MelSpectrogramOptions
{
    /// <summary>Sample rate of the input, in Hz (librosa <c>sr</c>); default 22,050.</summary>
    public int SampleRate { get; set; } = 22050;

    /// <summary>FFT length in samples (librosa <c>n_fft</c>); default 2048.</summary>
    public int NFft { get; set; } = 2048;

    /// <summary>Hop between frames in samples (librosa <c>hop_length</c>); default 512.</summary>
    public int HopLength { get; set; } = 512;

    /// <summary>Window length in samples (librosa <c>win_length</c>); default null means <see cref="NFft"/>.</summary>
    public int? WinLength { get; set; }

    /// <summary>Pad the signal by NFft/2 on both sides so frame t is centred on sample t·hop (librosa <c>center</c>); default true.</summary>
    public bool Center { get; set; } = true;

    /// <summary>Exponent of the magnitude spectrogram (librosa <c>power</c>): 2 for power, 1 for magnitude; default 2.</summary>
    public float Power { get; set; } = 2f;

    /// <summary>Number of mel bands (librosa <c>n_mels</c>); default 128.</summary>
    public int NMels { get; set; } = 128;

    /// <summary>Lowest band edge in Hz (librosa <c>fmin</c>); default 0.</summary>
    public float FMin { get; set; }

    /// <summary>Highest band edge in Hz (librosa <c>fmax</c>); default null means SampleRate / 2.</summary>
    public float? FMax { get; set; }

    /// <summary>Use the HTK mel formula instead of Slaney's (librosa <c>htk</c>); default false.</summary>
    public bool Htk { get; set; }

    /// <summary>Normalise each filter to unit area, Slaney style (librosa <c>norm='slaney'</c>); default true.</summary>
    public bool SlaneyNorm { get; set; } = true;
}
