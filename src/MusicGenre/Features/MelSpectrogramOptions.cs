namespace MusicGenre.Features;

/// <summary>
/// Options of <see cref="MelSpectrogram"/>, named and defaulted as <c>librosa.feature.melspectrogram</c>'s
/// (librosa 0.11: periodic Hann window, centred frames with zero padding, Slaney mel scale and area normalisation).
/// </summary>
public sealed class MelSpectrogramOptions
{
    /// <summary>librosa's defaults.</summary>
    public static class Defaults
    {
        /// <summary>Sample rate, 22,050 Hz.</summary>
        public const int SampleRate = 22050;

        /// <summary>FFT length, 2,048 samples.</summary>
        public const int NFft = 2048;

        /// <summary>Hop length, 512 samples.</summary>
        public const int HopLength = 512;

        /// <summary>Centred frames.</summary>
        public const bool Center = true;

        /// <summary>Power spectrogram (exponent 2).</summary>
        public const float Power = 2f;

        /// <summary>128 mel bands.</summary>
        public const int NMels = 128;

        /// <summary>Lowest band edge, 0 Hz.</summary>
        public const float FMin = 0f;

        /// <summary>Slaney mel formula (not HTK).</summary>
        public const bool Htk = false;

        /// <summary>Slaney area normalisation.</summary>
        public const bool SlaneyNorm = true;
    }

    /// <summary>Sample rate of the input, in Hz (librosa <c>sr</c>); default 22,050.</summary>
    public int SampleRate { get; set; } = Defaults.SampleRate;

    /// <summary>FFT length in samples (librosa <c>n_fft</c>); a power of two from 16 to 65,536; default 2048.</summary>
    public int NFft { get; set; } = Defaults.NFft;

    /// <summary>Hop between frames in samples (librosa <c>hop_length</c>); default 512.</summary>
    public int HopLength { get; set; } = Defaults.HopLength;

    /// <summary>
    /// Window length in samples (librosa <c>win_length</c>), at most <see cref="NFft"/>; the window is zero-padded to
    /// NFft, centred. Default null means <see cref="NFft"/>.
    /// </summary>
    public int? WinLength { get; set; }

    /// <summary>
    /// Pad the signal with NFft/2 zeros on both sides so frame t is centred on sample t·hop (librosa <c>center</c>
    /// with librosa 0.11's <c>pad_mode='constant'</c>); default true. When false, frames start at sample t·hop and the
    /// signal must hold at least NFft samples.
    /// </summary>
    public bool Center { get; set; } = Defaults.Center;

    /// <summary>Exponent of the magnitude spectrogram (librosa <c>power</c>): 2 for power, 1 for magnitude; default 2.</summary>
    public float Power { get; set; } = Defaults.Power;

    /// <summary>Number of mel bands (librosa <c>n_mels</c>); default 128.</summary>
    public int NMels { get; set; } = Defaults.NMels;

    /// <summary>Lowest band edge in Hz (librosa <c>fmin</c>); default 0.</summary>
    public float FMin { get; set; } = Defaults.FMin;

    /// <summary>Highest band edge in Hz (librosa <c>fmax</c>); default null means SampleRate / 2.</summary>
    public float? FMax { get; set; }

    /// <summary>Use the HTK mel formula instead of Slaney's (librosa <c>htk</c>); default false.</summary>
    public bool Htk { get; set; } = Defaults.Htk;

    /// <summary>Normalise each filter to unit area, Slaney style (librosa <c>norm='slaney'</c>); false means <c>norm=None</c>; default true.</summary>
    public bool SlaneyNorm { get; set; } = Defaults.SlaneyNorm;

    /// <summary>The effective window length: <see cref="WinLength"/> or <see cref="NFft"/>.</summary>
    public int EffectiveWinLength => WinLength ?? NFft;

    /// <summary>The effective upper band edge in Hz: <see cref="FMax"/> or SampleRate / 2.</summary>
    public double EffectiveFMax => FMax ?? SampleRate / 2.0;

    /// <summary>A copy of these options.</summary>
    public MelSpectrogramOptions Clone() => (MelSpectrogramOptions)MemberwiseClone();

    /// <summary>Checks every option and throws one <see cref="ArgumentException"/> listing every problem.</summary>
    /// <param name="paramName">The parameter name reported in the exception.</param>
    /// <exception cref="ArgumentException">One or more options are invalid.</exception>
    public void Validate(string paramName = "options")
    {
        var problems = new List<string>();
        if (SampleRate <= 0) problems.Add($"SampleRate must be positive (got {SampleRate}).");
        if (NFft < 16 || NFft > 65536 || (NFft & (NFft - 1)) != 0)
            problems.Add($"NFft must be a power of two from 16 to 65536 (got {NFft}).");
        if (HopLength <= 0) problems.Add($"HopLength must be positive (got {HopLength}).");
        if (WinLength is { } win && (win <= 0 || win > NFft))
            problems.Add($"WinLength must be in 1..NFft ({NFft}) (got {win}).");
        if (!float.IsFinite(Power) || Power <= 0) problems.Add($"Power must be a positive finite number (got {Power}).");
        if (NMels <= 0) problems.Add($"NMels must be positive (got {NMels}).");
        if (!float.IsFinite(FMin) || FMin < 0) problems.Add($"FMin must be a finite number >= 0 Hz (got {FMin}).");
        if (FMax is { } fMax && (!float.IsFinite(fMax) || fMax <= FMin))
            problems.Add($"FMax must be finite and above FMin ({FMin} Hz) (got {fMax}).");
        if (FMax is null && SampleRate > 0 && SampleRate / 2.0 <= FMin)
            problems.Add($"FMin ({FMin} Hz) must be below the Nyquist frequency ({SampleRate / 2.0} Hz).");
        if (problems.Count > 0)
            throw new ArgumentException("Invalid mel spectrogram options: " + string.Join(" ", problems), paramName);
    }
}
