using System.Globalization;

namespace MusicGenre.AspNetCore.Endpoints;

/// <summary>The query of <c>POST {prefix}/predict</c>: <c>top</c> (default 3), <c>timeline</c> and <c>spectrogram</c> (default false).</summary>
internal sealed record PredictQuery(int Top, bool Timeline, bool Spectrogram)
{
    public const int DefaultTop = 3;
    public const int MaxTop = 1000;

    /// <summary>Parses the query; null and a message saying what is wrong when a value is malformed.</summary>
    public static PredictQuery? Parse(IQueryCollection query, out string? problem)
    {
        problem = null;
        int top = DefaultTop;
        if (query.TryGetValue("top", out var topValue)
            && (topValue.Count != 1 || !int.TryParse(topValue[0], NumberStyles.None, CultureInfo.InvariantCulture, out top) || top is < 1 or > MaxTop))
        {
            problem = $"Query 'top' must be a whole number from 1 to {MaxTop} (got '{topValue}').";
            return null;
        }
        if (!Flag(query, "timeline", out var timeline, ref problem) || !Flag(query, "spectrogram", out var spectrogram, ref problem)) return null;
        return new PredictQuery(top, timeline, spectrogram);
    }

    private static bool Flag(IQueryCollection query, string name, out bool value, ref string? problem)
    {
        value = false;
        if (!query.TryGetValue(name, out var text)) return true;
        switch (text.Count == 1 ? text[0]?.ToLowerInvariant() : null)
        {
            case "true" or "1" or "":
                value = true;
                return true;
            case "false" or "0":
                return true;
            default:
                problem = $"Query '{name}' must be true or false (got '{text}').";
                return false;
        }
    }
}
