using System.CommandLine;

namespace MusicGenre.Cli.Commands;

/// <summary>
/// <c>--json</c> and <c>--csv</c> for any command that writes results (predict, and batch commands to come): the
/// options, and the format they select. In those modes standard output holds only that format: send notes and
/// progress to <see cref="CliContext.NotesFor"/>, failures to <see cref="CliContext.Error"/> (and into the JSON's
/// <c>failures</c>), and return <see cref="ExitCodes.SomeFailed"/> when some inputs failed.
/// </summary>
internal sealed class OutputFormatOptions
{
    public Option<bool> Json { get; } = new("--json") { Description = "Write JSON instead of a table (standard output holds only the JSON; notes and failures also go to standard error)." };
    public Option<bool> Csv { get; } = new("--csv") { Description = "Write CSV instead of a table (standard output holds only the CSV; notes and failures go to standard error)." };

    public void AddTo(Command command)
    {
        command.Options.Add(Json);
        command.Options.Add(Csv);
    }

    /// <exception cref="CliException">Both are given (a usage error).</exception>
    public OutputFormat Parse(ParseResult parse)
    {
        bool json = parse.GetValue(Json), csv = parse.GetValue(Csv);
        if (json && csv) throw new CliException("Choose one of --json and --csv.", ExitCodes.Usage);
        return json ? OutputFormat.Json : csv ? OutputFormat.Csv : OutputFormat.Table;
    }
}
