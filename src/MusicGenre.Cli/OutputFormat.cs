namespace MusicGenre.Cli;

/// <summary>How a command writes its results to standard output.</summary>
public enum OutputFormat
{
    /// <summary>For people: tables and notes.</summary>
    Table,

    /// <summary>CSV only (a header, then rows of the header's column count); everything else goes to standard error.</summary>
    Csv,

    /// <summary>One JSON document only (with a <c>failures</c> array); everything else goes to standard error.</summary>
    Json,
}
