namespace MusicGenre.Cli;

/// <summary>Exit codes of the <c>musicgenre</c> tool.</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>The command failed (bad data, a missing file, a download error, a disk that is full or read-only...); one line on standard error names the file and says why.</summary>
    public const int Error = 1;

    /// <summary>The command line is wrong (unknown option, bad value).</summary>
    public const int Usage = 2;

    /// <summary>
    /// The command finished but some inputs could not be read (<c>predict</c>, <c>evaluate</c>, <c>features</c>); they
    /// are listed on standard error (and in the JSON's <c>failures</c>).
    /// </summary>
    public const int SomeFailed = 3;

    /// <summary>Stopped by Ctrl-C (SIGINT): what was finished is kept (the best model so far, predictions made, cached features).</summary>
    public const int Cancelled = 130;

    /// <summary>Stopped by SIGTERM, exactly like <see cref="Cancelled"/>.</summary>
    public const int Terminated = 143;
}
