namespace MusicGenre.MLNet.Persistence;

/// <summary>Collects what is out of bounds in stored options, so one error lists every problem.</summary>
internal sealed class BoundsCheck
{
    /// <summary>Longest column name, genre name or other identifier a model file may hold.</summary>
    public const int MaxNameLength = 256;

    public List<string> Problems { get; } = [];

    public void Int(long value, string name, long min, long max)
    {
        if (value < min || value > max) Problems.Add($"{name} is {value}, outside {min}..{max}.");
    }

    public void Int(long? value, string name, long min, long max)
    {
        if (value is { } v) Int(v, name, min, max);
    }

    public void Number(double value, string name, double min, double max)
    {
        if (!double.IsFinite(value) || value < min || value > max) Problems.Add($"{name} is {value}, outside {min}..{max}.");
    }

    public void Number(double? value, string name, double min, double max)
    {
        if (value is { } v) Number(v, name, min, max);
    }

    public void Name(string? value, string name, bool optional = false)
    {
        if (value is null)
        {
            if (!optional) Problems.Add($"{name} is missing.");
        }
        else if (string.IsNullOrWhiteSpace(value) || value.Length > MaxNameLength)
            Problems.Add($"{name} must be 1..{MaxNameLength} characters, not blank (got {value.Length}).");
    }

    public void Count<T>(IReadOnlyCollection<T>? values, string name, int min, int max)
    {
        if (values is null) Problems.Add($"{name} is missing.");
        else if (values.Count < min || values.Count > max) Problems.Add($"{name} has {values.Count} items, outside {min}..{max}.");
    }

    public void Enum<T>(string? value, string name, out T parsed) where T : struct, System.Enum
    {
        if (!System.Enum.TryParse(value, ignoreCase: false, out parsed) || !System.Enum.IsDefined(parsed) || int.TryParse(value, out _))
            Problems.Add($"{name} '{value}' is not one of {string.Join(", ", System.Enum.GetNames<T>())}.");
    }

    public void That(bool condition, string problem)
    {
        if (!condition) Problems.Add(problem);
    }
}
