namespace MusicGenre.Cli;

/// <summary>The <c>musicgenre</c> command-line tool.</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    /// <param name="args">Command-line arguments.</param>
    public static Task<int> Main(string[] args) => CliApp.RunAsync(args);
}
