namespace MusicGenre.Training;

/// <summary>
/// Training-time augmentation of log-mel windows. Every setting is drawn from the trainer's seeded generator, so a
/// run stays deterministic for a given seed. Applied only to training windows, never to validation or prediction.
/// </summary>
public sealed class SpectrogramAugmentationOptions
{
    /// <summary>Default values.</summary>
    public static class Defaults
    {
        /// <summary>Default of <see cref="SpectrogramAugmentationOptions.RandomWindowOffsets"/>.</summary>
        public const bool RandomWindowOffsets = true;

        /// <summary>Default of <see cref="SpectrogramAugmentationOptions.MaxGainDb"/>.</summary>
        public const float MaxGainDb = 0f;

        /// <summary>Default of <see cref="SpectrogramAugmentationOptions.NoiseStdDb"/>.</summary>
        public const float NoiseStdDb = 0f;

        /// <summary>Default of <see cref="SpectrogramAugmentationOptions.TimeMasks"/>.</summary>
        public const int TimeMasks = 0;

        /// <summary>Default of <see cref="SpectrogramAugmentationOptions.MaxTimeMaskFrames"/>.</summary>
        public const int MaxTimeMaskFrames = 20;

        /// <summary>Default of <see cref="SpectrogramAugmentationOptions.FrequencyMasks"/>.</summary>
        public const int FrequencyMasks = 0;

        /// <summary>Default of <see cref="SpectrogramAugmentationOptions.MaxFrequencyMaskBands"/>.</summary>
        public const int MaxFrequencyMaskBands = 8;
    }

    /// <summary>
    /// Shift each training window's start by a random number of frames in [0, training hop) every epoch (within the
    /// track), so overlapping positions are seen without storing more windows; default true.
    /// </summary>
    public bool RandomWindowOffsets { get; set; } = Defaults.RandomWindowOffsets;

    /// <summary>Random gain per window, uniform in ±this many dB, added to every log-mel value; default 0 (off).</summary>
    public float MaxGainDb { get; set; } = Defaults.MaxGainDb;

    /// <summary>Standard deviation in dB of Gaussian noise added to every log-mel value; default 0 (off).</summary>
    public float NoiseStdDb { get; set; } = Defaults.NoiseStdDb;

    /// <summary>SpecAugment time masks per window (frames set to the band mean); default 0 (off).</summary>
    public int TimeMasks { get; set; } = Defaults.TimeMasks;

    /// <summary>Largest width of one time mask, in frames; default 20.</summary>
    public int MaxTimeMaskFrames { get; set; } = Defaults.MaxTimeMaskFrames;

    /// <summary>SpecAugment frequency masks per window (mel bands set to the band mean); default 0 (off).</summary>
    public int FrequencyMasks { get; set; } = Defaults.FrequencyMasks;

    /// <summary>Largest height of one frequency mask, in mel bands; default 8.</summary>
    public int MaxFrequencyMaskBands { get; set; } = Defaults.MaxFrequencyMaskBands;

    /// <summary>A copy.</summary>
    internal SpectrogramAugmentationOptions Clone() => (SpectrogramAugmentationOptions)MemberwiseClone();

    internal void Validate(List<string> problems)
    {
        if (!(MaxGainDb >= 0) || float.IsInfinity(MaxGainDb)) problems.Add($"Augmentation.MaxGainDb must be a finite value ≥ 0 dB (got {MaxGainDb}).");
        if (!(NoiseStdDb >= 0) || float.IsInfinity(NoiseStdDb)) problems.Add($"Augmentation.NoiseStdDb must be a finite value ≥ 0 dB (got {NoiseStdDb}).");
        if (TimeMasks < 0) problems.Add($"Augmentation.TimeMasks must be ≥ 0 (got {TimeMasks}).");
        if (MaxTimeMaskFrames < 1) problems.Add($"Augmentation.MaxTimeMaskFrames must be ≥ 1 (got {MaxTimeMaskFrames}).");
        if (FrequencyMasks < 0) problems.Add($"Augmentation.FrequencyMasks must be ≥ 0 (got {FrequencyMasks}).");
        if (MaxFrequencyMaskBands < 1) problems.Add($"Augmentation.MaxFrequencyMaskBands must be ≥ 1 (got {MaxFrequencyMaskBands}).");
    }
}
