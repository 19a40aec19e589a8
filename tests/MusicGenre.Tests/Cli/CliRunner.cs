using MusicGenre.Cli;
using Spectre.Console;

namespace MusicGenre.Tests.Cli;

/// <summary>Runs the musicgenre command handlers in-process and captures what they print.</summary>
public static class CliRunner
{
    public static async Task<(int ExitCode, string Output)> Run(params string[] args)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 400;
        var code = await CliApp.RunAsync(args, console);
        return (code, writer.ToString());
    }
}
