using System.Globalization;

namespace MusicGenre.Evaluation;

/// <summary>Mean and sample standard deviation of a metric across folds or seeds.</summary>
/// <param name="Mean">Arithmetic mean.</param>
/// <param name="Std">Sample standard deviation (n − 1 in the denominator); 0 for a single value.</param>
/// <param name="Count">Number of values.</param>
public readonly record struct MeanStd(double Mean, double Std, int Count)
{
    /// <summary>Mean and sample standard deviation of <paramref name="values"/>.</summary>
    /// <param name="values">At least one value.</param>
    public static MeanStd Of(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var v = values.ToArray();
        if (v.Length == 0) throw new ArgumentException("At least one value is needed.", nameof(values));
        var mean = v.Average();
        var std = v.Length > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1)) : 0;
        return new MeanStd(mean, std, v.Length);
    }

    /// <summary>Formats as percentages, e.g. <c>81.2 ± 3.4 %</c>.</summary>
    public string ToPercentString() => string.Create(CultureInfo.InvariantCulture, $"{100 * Mean:0.0} ± {100 * Std:0.0} %");

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Mean:0.####} ± {Std:0.####} (n={Count})");
}
