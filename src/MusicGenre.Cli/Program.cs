namespace MusicGenre.Cli;

/// <summary>The <c>musicgenre</c> command-line tool.</summary>
public static class Program
{
    /// <summary>Entry point: runs the command with Ctrl-C and SIGTERM wired to its cancellation (<see cref="Interruption"/>).</summary>
    /// <param name="args">Command-line arguments.</param>
    public static async Task<int> Main(string[] args)
    {
        using var interruption = Interruption.Listen(Console.Error);
        var code = await CliApp.RunAsync(args, cancellationToken: interruption.Token).ConfigureAwait(false);
        return interruption.ExitCode(code);
    }
}
