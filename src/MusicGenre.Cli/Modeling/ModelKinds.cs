using MusicGenre.MLNet.Persistence;

namespace MusicGenre.Cli.Modeling;

/// <summary>The model names the tool accepts (<c>--model</c>): the library's kinds, less <c>custom</c>.</summary>
internal static class ModelKinds
{
    public const string CnnLstm = GenreModelKinds.CnnLstm;
    public const string CnnGru = GenreModelKinds.CnnGru;
    public const string Crnn = GenreModelKinds.Crnn;
    public const string Classical = GenreModelKinds.Classical;
    public const string MusicnnLinear = GenreModelKinds.MusicnnLinear;
    public const string MusicnnFineTune = GenreModelKinds.MusicnnFineTune;

    public static IReadOnlyList<string> All { get; } = [CnnLstm, CnnGru, Crnn, Classical, MusicnnLinear, MusicnnFineTune];

    /// <summary>A genre network trained from scratch on log-mel windows (CNN-LSTM, CNN-GRU, CRNN).</summary>
    public static bool IsNeural(string kind) => kind is CnnLstm or CnnGru or Crnn;

    /// <summary>A model built on the pretrained musicnn network.</summary>
    public static bool IsMusicnn(string kind) => kind is MusicnnLinear or MusicnnFineTune;

    /// <summary>Normalises a model name; throws a <see cref="CliException"/> listing the known names.</summary>
    public static string Parse(string name)
    {
        var n = name.Trim().ToLowerInvariant().Replace('_', '-');
        n = n switch { "cnnlstm" => CnnLstm, "cnngru" => CnnGru, "musicnn" => MusicnnLinear, "musicnn-fine-tune" => MusicnnFineTune, _ => n };
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
