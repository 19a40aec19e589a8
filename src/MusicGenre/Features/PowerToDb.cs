namespace MusicGenre.Features;

/// <summary>
/// Converts power to decibels as <c>librosa.power_to_db</c>:
/// <c>10·log10(max(AMin, S)) − 10·log10(max(AMin, ref))</c>, then clipped to <c>max − TopDb</c>.
/// </summary>
/// <remarks>Stateless and thread-safe. Works in place and allocates nothing.</remarks>
public static class PowerToDb
{
    /// <summary>Converts <paramref name="values"/> (power) to dB in place.</summary>
    /// <param name="values">Power values (≥ 0); the whole span is one spectrogram for the max and TopDb.</param>
    /// <param name="options">Reference, floor and range; null for librosa's defaults.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static void InPlace(Span<float> values, PowerToDbOptions? options = null)
    {
        options ??= DefaultOptions;
        options.Validate(nameof(options));
        InPlace(values, options.RefIsMax ? null : options.Ref, options.AMin, options.TopDb);
    }

    /// <summary>Converts <paramref name="values"/> (power) to dB in place.</summary>
    /// <param name="values">Power values (≥ 0).</param>
    /// <param name="reference">Reference power (librosa <c>ref</c>); null uses the maximum of <paramref name="values"/>.</param>
    /// <param name="aMin">Floor before the logarithm (librosa <c>amin</c>).</param>
    /// <param name="topDb">Dynamic range to keep below the maximum; null keeps everything.</param>
    public static void InPlace(Span<float> values, float? reference, float aMin = PowerToDbOptions.Defaults.AMin, float? topDb = PowerToDbOptions.Defaults.TopDb)
    {
        if (!(aMin > 0)) throw new ArgumentOutOfRangeException(nameof(aMin), aMin, "AMin must be positive.");
        if (values.IsEmpty) return;
        float refValue = reference ?? Max(values);
        float offset = 10f * MathF.Log10(MathF.Max(aMin, refValue));
        float max = float.NegativeInfinity;
        for (int i = 0; i < values.Length; i++)
        {
            float db = 10f * MathF.Log10(MathF.Max(aMin, values[i])) - offset;
            values[i] = db;
            if (db > max) max = db;
        }
        if (topDb is { } top)
        {
            float floor = max - top;
            for (int i = 0; i < values.Length; i++)
                if (values[i] < floor) values[i] = floor;
        }
    }

    private static readonly PowerToDbOptions DefaultOptions = new();

    private static float Max(ReadOnlySpan<float> values)
    {
        float max = float.NegativeInfinity;
        foreach (var v in values) if (v > max) max = v;
        return max;
    }
}
