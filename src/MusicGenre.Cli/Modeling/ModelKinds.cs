namespace MusicGenre.Cli.Modeling;

/// <summary>The model names the tool accepts (<c>--model</c>).</summary>
internal static class ModelKinds
{
    public const string CnnLstm = "cnn-lstm";
    public const string CnnGru = "cnn-gru";
    public const string Crnn = "crnn";
    public const string Classical = "classical";

    public static IReadOnlyList<string> All { get; } = [CnnLstm, CnnGru, Crnn, Classical];

    public static bool IsNeural(string kind) => kind != Classical;

    /// <summary>Normalises a model name; throws a <see cref="CliException"/> listing the known names.</summary>
    public static string Parse(string name)
    {
        var n = name.Trim().ToLowerInvariant().Replace('_', '-');
        n = n switch { "cnnlstm" => CnnLstm, "cnngru" => CnnGru, _ => n };
        if (All.Contains(n)) return n;
        throw new CliException($"Unknown model '{name}'. Choose one of: {string.Join(", ", All)}.", ExitCodes.Usage);
    }

    public static IReadOnlyList<string> ParseList(string list)
    {
        var kinds = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Parse).Distinct().ToList();
        if (kinds.Count == 0) throw new CliException("--models: give at least one model name.", ExitCodes.Usage);
        return kinds;
    }
}
