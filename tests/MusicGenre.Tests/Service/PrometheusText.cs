using System.Globalization;
using System.Text.RegularExpressions;

namespace MusicGenre.Tests.Service;

/// <summary>A strict reader of Prometheus' text exposition format, enough to check the service's metrics.</summary>
public static partial class PrometheusText
{
    /// <summary>Every sample by its name and labels as written (<c>name{a="b"}</c>); fails on a line out of format or a family without HELP/TYPE.</summary>
    public static Dictionary<string, double> Parse(string text)
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        var typed = new HashSet<string>(StringComparer.Ordinal);
        var helped = new HashSet<string>(StringComparer.Ordinal);
        Assert.EndsWith("\n", text);
        foreach (var line in text.TrimEnd('\n').Split('\n'))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                helped.Add(line.Split(' ')[2]);
                continue;
            }
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                Assert.Contains(parts[3], new[] { "counter", "gauge", "histogram" });
                Assert.Contains(parts[2], helped);
                typed.Add(parts[2]);
                continue;
            }
            var match = SampleLine().Match(line);
            Assert.True(match.Success, $"not a sample line: '{line}'");
            var name = match.Groups["name"].Value;
            var family = Regex.Replace(name, "_(bucket|sum|count)$", "");
            Assert.True(typed.Contains(name) || typed.Contains(family), $"{name} has no # TYPE line before it");
            var key = name + match.Groups["labels"].Value;
            Assert.True(samples.TryAdd(key, double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture)), $"{key} appears twice");
        }
        return samples;
    }

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?<labels>\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\["\\n])*",?)*\})? (?<value>-?[0-9][0-9.eE+-]*|\+Inf|NaN)$""")]
    private static partial Regex SampleLine();
}
