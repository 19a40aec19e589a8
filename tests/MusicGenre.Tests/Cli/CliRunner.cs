using MusicGenre.Cli;
using Spectre.Console;

namespace MusicGenre.Tests.Cli;

/// <summary>Runs the musicgenre command handlers in-process and captures what they print (see <see cref="CliProcess"/> for a real child process).</summary>
public static class CliRunner
{
    /// <summary>Runs a command; standard output and standard error together.</summary>
    public static async Task<(int ExitCode, string Output)> Run(params string[] args)
    {
        var writer = new StringWriter();
        var code = await CliApp.RunAsync(args, Recorder(writer));
        return (code, writer.ToString());
    }

    /// <summary>Runs a command with standard output and standard error recorded apart.</summary>
    public static async Task<(int ExitCode, string Out, string Error)> RunApart(params string[] args)
    {
        StringWriter output = new(), error = new();
        var code = await CliApp.RunAsync(args, Recorder(output), Recorder(error), CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>A console without colours or interaction, 400 columns wide, writing to <paramref name="writer"/>.</summary>
    public static IAnsiConsole Recorder(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 400;
        return console;
    }
}
