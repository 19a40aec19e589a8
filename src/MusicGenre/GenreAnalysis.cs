using System.Globalization;

namespace MusicGenre;

/// <summary>
/// How much of a track <see cref="GenrePredictor"/> analyses: the whole track, or <see cref="ExcerptCount"/>
/// excerpts of <see cref="ExcerptSeconds"/> spread evenly over it, leaving out up to <see cref="SkipSeconds"/> at
/// each end (intros and fade-outs). Only the excerpts are decoded (MP3 seeks by its frame index, WAV/AU/AIFF by byte
/// offset, Ogg by granule position). A track no longer than the excerpts and the two skips together (60 s for the
/// default) is analysed whole. Immutable.
/// </summary>
/// <remarks>
/// Written as text (<see cref="Parse"/>, <see cref="ToString"/>, the CLI's <c>--analysis</c>): <c>whole</c>, or
/// <c>excerpts:NxS</c> (for example <c>excerpts:3x10</c>), optionally <c>excerpts:NxS,skip:K</c>. The measured effect
/// on accuracy and speed is in docs/analysis.md.
/// </remarks>
public sealed class GenreAnalysis
{
    /// <summary>Default seconds left out at each end of a long track: 15.</summary>
    public const double DefaultSkipSeconds = 15;

    private GenreAnalysis(int excerptCount, double excerptSeconds, double skipSeconds)
    {
        ExcerptCount = excerptCount;
        ExcerptSeconds = excerptSeconds;
        SkipSeconds = skipSeconds;
    }

    /// <summary>Analyse every second of the track (the model's own offset and duration still apply).</summary>
    public static GenreAnalysis Whole { get; } = new(0, 0, 0);

    /// <summary>
    /// The default of <see cref="GenrePredictorOptions.Analysis"/>: three excerpts of 10 s, skipping 15 s at each end.
    /// A track of up to 60 s (a 30 s clip) is analysed whole; a 4-minute song costs 30 s of decoding and inference.
    /// </summary>
    public static GenreAnalysis Default { get; } = new(3, 10, DefaultSkipSeconds);

    /// <summary>Number of excerpts; 0 for <see cref="Whole"/>.</summary>
    public int ExcerptCount { get; }

    /// <summary>Length of each excerpt in seconds; 0 for <see cref="Whole"/>.</summary>
    public double ExcerptSeconds { get; }

    /// <summary>Seconds left out at the start and at the end of the track.</summary>
    public double SkipSeconds { get; }

    /// <summary>True for <see cref="Whole"/>.</summary>
    public bool IsWhole => ExcerptCount == 0;

    /// <summary>Excerpts of a track.</summary>
    /// <param name="count">How many, 1–100.</param>
    /// <param name="seconds">Length of each, 1–600 s.</param>
    /// <param name="skipSeconds">Left out at each end, 0–600 s; default 15.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value out of range.</exception>
    public static GenreAnalysis Excerpts(int count, double seconds, double skipSeconds = DefaultSkipSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 100);
        if (!(seconds >= 1 && seconds <= 600)) throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "Excerpts are 1 to 600 seconds long.");
        if (!(skipSeconds >= 0 && skipSeconds <= 600)) throw new ArgumentOutOfRangeException(nameof(skipSeconds), skipSeconds, "The skip is 0 to 600 seconds.");
        return new GenreAnalysis(count, seconds, skipSeconds);
    }

    /// <summary>Reads <c>whole</c>, <c>excerpts:NxS</c> or <c>excerpts:NxS,skip:K</c> (seconds; case-insensitive).</summary>
    /// <param name="text">The text.</param>
    /// <exception cref="FormatException">Not one of those forms, or a value out of range (the message says which).</exception>
    public static GenreAnalysis Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = text.Trim().ToLowerInvariant();
        if (s == "whole") return Whole;
        const string usage = "expected 'whole' or 'excerpts:NxS[,skip:K]' (N excerpts of S seconds, skipping K seconds at each end), for example excerpts:3x10";
        if (!s.StartsWith("excerpts:", StringComparison.Ordinal)) throw new FormatException($"Analysis '{text}': {usage}.");
        var parts = s["excerpts:".Length..].Split(',');
        var size = parts[0].Split('x');
        var skip = DefaultSkipSeconds;
        if (size.Length != 2 || !int.TryParse(size[0], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || !double.TryParse(size[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            || parts.Length > 2
            || (parts.Length == 2 && !(parts[1].StartsWith("skip:", StringComparison.Ordinal)
                && double.TryParse(parts[1]["skip:".Length..], NumberStyles.Float, CultureInfo.InvariantCulture, out skip))))
            throw new FormatException($"Analysis '{text}': {usage}.");
        try
        {
            return Excerpts(count, seconds, skip);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new FormatException($"Analysis '{text}': {e.Message}", e);
        }
    }

    /// <summary>
    /// Where the excerpts of a track of <paramref name="trackSeconds"/> lie: start and length in seconds, in time
    /// order; one range covering the whole track for <see cref="Whole"/> or a track no longer than the excerpts and
    /// the two skips together.
    /// </summary>
    /// <param name="trackSeconds">Length of the track in seconds.</param>
    public IReadOnlyList<(double Start, double Length)> Ranges(double trackSeconds)
    {
        var length = Math.Max(0, trackSeconds);
        if (IsWhole || length <= ExcerptCount * ExcerptSeconds + 2 * SkipSeconds) return [(0, length)];
        var first = SkipSeconds;
        var last = length - SkipSeconds - ExcerptSeconds;
        var ranges = new (double, double)[ExcerptCount];
        for (var i = 0; i < ExcerptCount; i++)
        {
            var start = ExcerptCount == 1 ? (first + last) / 2 : first + i * (last - first) / (ExcerptCount - 1);
            ranges[i] = (start, ExcerptSeconds);
        }
        return ranges;
    }

    /// <summary><c>whole</c> or <c>excerpts:NxS,skip:K</c>, as <see cref="Parse"/> reads it.</summary>
    public override string ToString() => IsWhole ? "whole"
        : string.Create(CultureInfo.InvariantCulture, $"excerpts:{ExcerptCount}x{ExcerptSeconds:0.###},skip:{SkipSeconds:0.###}");
}
