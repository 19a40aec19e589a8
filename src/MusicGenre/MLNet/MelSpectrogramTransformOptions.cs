using MusicGenre.Features;

namespace MusicGenre.MLNet;

/// <summary>Options of <see cref="MelSpectrogramEstimator"/>.</summary>
public sealed class MelSpectrogramTransformOptions
{
    /// <summary>Default values.</summary>
    public static class Defaults
    {
        /// <summary>Output log-mel in dB (the genre networks' input); false gives librosa's power spectrogram.</summary>
        public const bool ToDb = true;
    }

    /// <summary>The spectrogram (librosa names and defaults: 22,050 Hz, NFft 2048, hop 512, 128 mels, ...).</summary>
    public MelSpectrogramOptions Mel { get; set; } = new();

    /// <summary>
    /// Convert power to dB with <see cref="Db"/> (<c>librosa.power_to_db</c>); default true, because every model in
    /// MusicGenre consumes the log-mel. False outputs <c>librosa.feature.melspectrogram</c>'s power values.
    /// </summary>
    public bool ToDb { get; set; } = Defaults.ToDb;

    /// <summary>The dB conversion used when <see cref="ToDb"/> is true (ref 1.0, amin 1e-10, top_db 80 per row).</summary>
    public PowerToDbOptions Db { get; set; } = new();

    /// <summary>
    /// When set, every signal is cropped or zero-padded (at the end) to <c>round(FixedDuration × SampleRate)</c>
    /// samples before the transform, so every row has the same number of frames and the output column has the
    /// fixed type <c>Vector&lt;Single, NMels, frames&gt;</c>. Seconds; default null (variable-length rows).
    /// </summary>
    public double? FixedDuration { get; set; }

    /// <summary>Number of samples signals are cropped or padded to, or null when <see cref="FixedDuration"/> is unset.</summary>
    public int? FixedSampleCount => FixedDuration is { } d ? (int)Math.Round(d * Mel.SampleRate) : null;

    /// <summary>A deep copy.</summary>
    public MelSpectrogramTransformOptions Clone() => new() { Mel = Mel.Clone(), ToDb = ToDb, Db = Db.Clone(), FixedDuration = FixedDuration };

    /// <summary>Checks every option, including the nested ones, and throws one <see cref="ArgumentException"/> listing every problem.</summary>
    /// <param name="paramName">The parameter name reported.</param>
    public void Validate(string paramName = "options")
    {
        var problems = new List<string>();
        if (Mel is null) problems.Add("Mel must not be null.");
        else Collect(() => Mel.Validate(), problems);
        if (Db is null) problems.Add("Db must not be null.");
        else Collect(() => Db.Validate(), problems);
        if (FixedDuration is { } d && (!double.IsFinite(d) || d <= 0 || (Mel is not null && Mel.SampleRate > 0 && d * Mel.SampleRate > int.MaxValue / 2)))
            problems.Add($"FixedDuration must be a positive number of seconds that fits in memory (got {d}).");
        if (problems.Count > 0)
            throw new ArgumentException("Invalid mel spectrogram transform options: " + string.Join(" ", problems), paramName);
    }

    private static void Collect(Action validate, List<string> problems)
    {
        try { validate(); }
        catch (ArgumentException e) { problems.Add(e.Message.Split(" (Parameter")[0]); }
    }
}
