using System.CommandLine;
using MusicGenre.Cli.Commands;
using Spectre.Console;

namespace MusicGenre.Cli;

/// <summary>Builds the command tree and runs it; in-process entry point for tests.</summary>
public static class CliApp
{
    /// <summary>Runs the tool with everything written to one console (or to the terminal's standard output and error).</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <param name="console">Where to write; null for the terminal (standard output, and standard error for errors and notes).</param>
    /// <param name="cancellationToken">Cancels the command, as Ctrl-C does (<see cref="Program"/> wires SIGINT and SIGTERM to it).</param>
    /// <returns>The exit code (see <see cref="ExitCodes"/>).</returns>
    public static Task<int> RunAsync(string[] args, IAnsiConsole? console = null, CancellationToken cancellationToken = default)
        => RunAsync(args, console ?? AnsiConsole.Console, console ?? StandardError(), cancellationToken);

    /// <summary>Runs the tool with standard output and standard error apart.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <param name="console">Standard output: results (CSV and JSON included), tables, notes in table mode.</param>
    /// <param name="error">Standard error: errors, failure lists, and notes and progress in machine-readable modes.</param>
    /// <param name="cancellationToken">Cancels the command, as Ctrl-C does.</param>
    /// <returns>The exit code (see <see cref="ExitCodes"/>).</returns>
    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, IAnsiConsole error, CancellationToken cancellationToken)
    {
        var context = new CliContext(console, error);
        var root = BuildRoot(context);
        var parse = root.Parse(args.Length == 0 ? ["--help"] : args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) context.WriteError(e.Message);
            CliContext.Line(error, "Run [bold]musicgenre --help[/] for usage.");
            return ExitCodes.Usage;
        }
        var configuration = new InvocationConfiguration
        {
            Output = new ConsoleWriter(console),
            Error = new ConsoleWriter(error),
            EnableDefaultExceptionHandler = false,
            // Signals are the Interruption's (Program), which also ends a command that does not stop in time.
            ProcessTerminationTimeout = null,
        };
        try
        {
            return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (CliErrors.IsCancellation(ex, cancellationToken))
        {
            CliContext.Line(error, "[yellow]Stopped.[/] What was finished is kept: features computed so far stay in the cache, so running the command again skips their decoding.");
            return ExitCodes.Cancelled;
        }
        catch (Exception ex)
        {
            context.WriteError(CliErrors.Describe(ex));
            if (CliErrors.ShowsStackTrace) error.Profile.Out.Writer.WriteLine(ex.ToString());
            return CliErrors.ExitCode(ex);
        }
    }

    /// <summary>A console on standard error (colours only when it is a terminal).</summary>
    private static IAnsiConsole StandardError() => AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Error) });

    internal static Command BuildRoot(CliContext context)
    {
        // A plain command named "musicgenre" (a RootCommand takes the assembly's name, MusicGenre.Cli, for its usage line).
        var root = new Command("musicgenre", "musicgenre: music genre recognition. Train, evaluate and use genre models (log-mel + CNN-LSTM/CNN-GRU/CRNN, a classical baseline, or transfer learning on pretrained musicnn embeddings).")
        {
            new System.CommandLine.Help.HelpOption(),
            new VersionOption(),
        };
        root.Subcommands.Add(DemoCommand.Create(context));
        root.Subcommands.Add(TrainCommand.Create(context));
        root.Subcommands.Add(EvaluateCommand.Create(context));
        root.Subcommands.Add(CompareCommand.Create(context));
        root.Subcommands.Add(PredictCommand.Create(context));
        root.Subcommands.Add(TagCommand.Create(context));
        root.Subcommands.Add(FeaturesCommand.Create(context));
        root.Subcommands.Add(InfoCommand.Create(context));
        root.Subcommands.Add(ServeCommand.Create(context));
        root.Subcommands.Add(DownloadCommand.Create(context));
        root.Subcommands.Add(SiloCommand.Create(context));
        root.Subcommands.Add(BatchCommand.Create(context));
        return root;
    }
}
