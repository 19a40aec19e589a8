namespace MusicGenre.Features;

/// <summary>Options of <see cref="SummaryFeatures"/> (librosa names; defaults as librosa's feature functions).</summary>
public sealed class SummaryFeaturesOptions
{
    /// <summary>Number of MFCCs summarised (librosa's default 20); fixed so the vector has one known layout.</summary>
    public const int NMfcc = 20;

    /// <summary>Number of chroma bins (librosa's default 12); fixed so the vector has one known layout.</summary>
    public const int NChroma = 12;

    /// <summary>Length of the feature vector: 2 × (NMfcc + NChroma + 2) = 68.</summary>
    public const int FeatureCount = 2 * (NMfcc + NChroma + 2);

    /// <summary>Sample rate in Hz; default 22,050.</summary>
    public int SampleRate { get; set; } = MelSpectrogramOptions.Defaults.SampleRate;

    /// <summary>FFT length (and ZCR frame length) in samples; default 2,048.</summary>
    public int NFft { get; set; } = MelSpectrogramOptions.Defaults.NFft;

    /// <summary>Hop in samples; default 512.</summary>
    public int HopLength { get; set; } = MelSpectrogramOptions.Defaults.HopLength;

    /// <summary>Number of mel bands behind the MFCCs (at least 20); default 128.</summary>
    public int NMels { get; set; } = MelSpectrogramOptions.Defaults.NMels;

    /// <summary>Estimate the tuning for chroma as librosa does (<c>tuning=None</c>); false assumes A440; default true.</summary>
    public bool EstimateTuning { get; set; } = true;

    /// <summary>A copy.</summary>
    public SummaryFeaturesOptions Clone() => (SummaryFeaturesOptions)MemberwiseClone();

    /// <summary>The mel options behind the MFCCs.</summary>
    public MelSpectrogramOptions MelOptions() => new() { SampleRate = SampleRate, NFft = NFft, HopLength = HopLength, NMels = NMels };

    /// <summary>Checks every option and throws one <see cref="ArgumentException"/> listing every problem.</summary>
    /// <param name="paramName">The parameter name reported.</param>
    public void Validate(string paramName = "options")
    {
        var problems = new List<string>();
        try { MelOptions().Validate(); }
        catch (ArgumentException e) { problems.Add(e.Message.Split(" (Parameter")[0]); }
        if (NMels < NMfcc) problems.Add($"NMels must be at least NMfcc ({NMfcc}) (got {NMels}).");
        if (problems.Count > 0)
            throw new ArgumentException("Invalid summary feature options: " + string.Join(" ", problems), paramName);
    }
}
