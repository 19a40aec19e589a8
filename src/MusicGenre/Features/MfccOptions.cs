namespace MusicGenre.Features;

/// <summary>Options of <see cref="Mfcc"/>, named and defaulted as <c>librosa.feature.mfcc</c>'s.</summary>
public sealed class MfccOptions
{
    /// <summary>librosa's defaults.</summary>
    public static class Defaults
    {
        /// <summary>20 coefficients (librosa <c>n_mfcc</c>).</summary>
        public const int NMfcc = 20;
    }

    /// <summary>Number of coefficients kept (librosa <c>n_mfcc</c>), at most the number of mel bands; default 20.</summary>
    public int NMfcc { get; set; } = Defaults.NMfcc;

    /// <summary>The mel spectrogram the coefficients are computed from; default librosa's (128 mels).</summary>
    public MelSpectrogramOptions Mel { get; set; } = new();

    /// <summary>The dB conversion before the DCT; default librosa's (ref 1.0, amin 1e-10, top_db 80).</summary>
    public PowerToDbOptions Db { get; set; } = new();

    /// <summary>A deep copy of these options.</summary>
    public MfccOptions Clone() => new() { NMfcc = NMfcc, Mel = Mel.Clone(), Db = Db.Clone() };

    /// <summary>Checks every option (including the nested ones) and throws one <see cref="ArgumentException"/> listing every problem.</summary>
    /// <param name="paramName">The parameter name reported in the exception.</param>
    public void Validate(string paramName = "options")
    {
        var problems = new List<string>();
        if (Mel is null) problems.Add("Mel must not be null.");
        if (Db is null) problems.Add("Db must not be null.");
        if (NMfcc <= 0) problems.Add($"NMfcc must be positive (got {NMfcc}).");
        if (Mel is not null && NMfcc > Mel.NMels) problems.Add($"NMfcc ({NMfcc}) must not exceed Mel.NMels ({Mel.NMels}).");
        Collect(() => Mel?.Validate(), problems);
        Collect(() => Db?.Validate(), problems);
        if (problems.Count > 0)
            throw new ArgumentException("Invalid MFCC options: " + string.Join(" ", problems), paramName);
    }

    private static void Collect(Action validate, List<string> problems)
    {
        try { validate(); }
        catch (ArgumentException e) { problems.Add(e.Message.Split(" (Parameter")[0]); }
    }
}
