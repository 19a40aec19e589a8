namespace MusicGenre.Cli;

/// <summary>Exit codes of the <c>musicgenre</c> tool.</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>The command failed (bad data, missing file, download error...); the message says why.</summary>
    public const int Error = 1;

    /// <summary>The command line is wrong (unknown option, bad value).</summary>
    public const int Usage = 2;

    /// <summary>The command finished but some inputs failed (e.g. unreadable files in <c>predict</c>); they are listed.</summary>
    public const int SomeFailed = 3;

    /// <summary>Stopped by Ctrl-C (the best checkpoint so far is kept).</summary>
    public const int Cancelled = 130;
}
