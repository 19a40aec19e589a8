namespace MusicGenre.Features;

/// <summary>Options of <see cref="PowerToDb"/>, named and defaulted as <c>librosa.power_to_db</c>'s.</summary>
public sealed class PowerToDbOptions
{
    /// <summary>librosa's defaults.</summary>
    public static class Defaults
    {
        /// <summary>Reference power, 1.0 (librosa <c>ref=1.0</c>).</summary>
        public const float Ref = 1f;

        /// <summary>Floor on power before the logarithm, 1e-10 (librosa <c>amin</c>).</summary>
        public const float AMin = 1e-10f;

        /// <summary>Dynamic range kept below the maximum, 80 dB (librosa <c>top_db</c>).</summary>
        public const float TopDb = 80f;
    }

    /// <summary>
    /// Reference power that maps to 0 dB (librosa <c>ref</c> as a number); default 1.0. Ignored when
    /// <see cref="RefIsMax"/> is true.
    /// </summary>
    public float Ref { get; set; } = Defaults.Ref;

    /// <summary>Use the maximum of the input as the reference (librosa <c>ref=np.max</c>); wins over <see cref="Ref"/>; default false.</summary>
    public bool RefIsMax { get; set; }

    /// <summary>Floor on power (and on the reference) before the logarithm (librosa <c>amin</c>); default 1e-10.</summary>
    public float AMin { get; set; } = Defaults.AMin;

    /// <summary>
    /// Clip values to (max − TopDb) dB (librosa <c>top_db</c>); default 80. Null disables clipping (librosa
    /// <c>top_db=None</c>).
    /// </summary>
    public float? TopDb { get; set; } = Defaults.TopDb;

    /// <summary>A copy of these options.</summary>
    public PowerToDbOptions Clone() => (PowerToDbOptions)MemberwiseClone();

    /// <summary>Checks every option and throws one <see cref="ArgumentException"/> listing every problem.</summary>
    /// <param name="paramName">The parameter name reported in the exception.</param>
    public void Validate(string paramName = "options")
    {
        var problems = new List<string>();
        if (!float.IsFinite(AMin) || AMin <= 0) problems.Add($"AMin must be a positive finite number (got {AMin}).");
        if (!RefIsMax && (!float.IsFinite(Ref) || Ref <= 0)) problems.Add($"Ref must be a positive finite number (got {Ref}).");
        if (TopDb is { } top && (!float.IsFinite(top) || top < 0)) problems.Add($"TopDb must be a finite number >= 0 dB, or null (got {top}).");
        if (problems.Count > 0)
            throw new ArgumentException("Invalid power-to-dB options: " + string.Join(" ", problems), paramName);
    }
}
