namespace MusicGenre.Cli;

/// <summary>The <c>musicgenre</c> command-line tool.</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        Console.WriteLine("musicgenre: work in progress");
        return 0;
    }
}
