using System.CommandLine;
using MusicGenre.Audio;
using MusicGenre.Cli.Commands;
using MusicGenre.Datasets;
using MusicGenre.MLNet.Persistence;
using Spectre.Console;

namespace MusicGenre.Cli;

/// <summary>Builds the command tree and runs it; in-process entry point for tests.</summary>
public static class CliApp
{
    /// <summary>Runs the tool.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <param name="console">Where to write; null for the terminal.</param>
    /// <param name="cancellationToken">Cancels the command (Ctrl-C is wired automatically when running in a terminal).</param>
    /// <returns>The exit code (see <see cref="ExitCodes"/>).</returns>
    public static async Task<int> RunAsync(string[] args, IAnsiConsole? console = null, CancellationToken cancellationToken = default)
    {
        var context = new CliContext(console ?? AnsiConsole.Console);
        var root = BuildRoot(context);
        var parse = root.Parse(args.Length == 0 ? ["--help"] : args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) context.Console.MarkupLineInterpolated($"[red]error:[/] {error.Message}");
            context.Console.MarkupLine("Run [bold]musicgenre --help[/] for usage.");
            return ExitCodes.Usage;
        }
        var configuration = new InvocationConfiguration
        {
            Output = new ConsoleWriter(context.Console),
            Error = new ConsoleWriter(context.Console),
            EnableDefaultExceptionHandler = false,
            // Ctrl-C cancels the token; training stops between mini-batches and the feature cache keeps what was computed.
            ProcessTerminationTimeout = TimeSpan.FromSeconds(30),
        };
        try
        {
            return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Describe(ex) is { } message)
        {
            context.Console.MarkupLineInterpolated($"[red]error:[/] {message}");
            return ex is CliException cli ? cli.ExitCode : ExitCodes.Error;
        }
        catch (OperationCanceledException)
        {
            context.Console.MarkupLine("[yellow]Stopped.[/] Features computed so far stay in the cache, so running the command again skips their decoding.");
            return ExitCodes.Cancelled;
        }
    }

    /// <summary>The user-facing message of an expected failure; null for bugs and cancellation (which are rethrown or handled).</summary>
    private static string? Describe(Exception ex) => ex switch
    {
        CliException or DatasetException or DownloadException or ArchiveException or AudioFormatException or GenreModelFormatException or FileNotFoundException or DirectoryNotFoundException => ex.Message,
        ArgumentException => ex.Message,
        InvalidDataException => ex.Message,
        UnauthorizedAccessException => ex.Message,
        _ => null,
    };

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
        root.Subcommands.Add(DownloadCommand.Create(context));
        return root;
    }
}
