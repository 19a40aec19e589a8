using MusicGenre.Audio;
using MusicGenre.Datasets;
using MusicGenre.MLNet.Persistence;
using MusicGenre.Models.Musicnn;

namespace MusicGenre.Cli;

/// <summary>
/// What the tool prints for an exception that ends a command: one line, without a stack trace. Expected failures
/// (bad input, a missing file, a file that cannot be written) are their message; anything else is named as a bug.
/// </summary>
internal static class CliErrors
{
    /// <summary>The variable that makes an unexpected failure print its stack trace too.</summary>
    public const string DebugVariable = "MUSICGENRE_DEBUG";

    /// <summary>True when <paramref name="exception"/> is a cancellation caused by <paramref name="token"/> (also inside an <see cref="AggregateException"/>).</summary>
    public static bool IsCancellation(Exception exception, CancellationToken token)
        => token.IsCancellationRequested && Unwrap(exception) is OperationCanceledException;

    /// <summary>The exit code for a failure.</summary>
    public static int ExitCode(Exception exception) => Unwrap(exception) is CliException cli ? cli.ExitCode : ExitCodes.Error;

    /// <summary>The one line to print (without the "error:" prefix).</summary>
    public static string Describe(Exception exception)
    {
        var e = Unwrap(exception);
        return e switch
        {
            CliException or DatasetException or DownloadException or ArchiveException or AudioFormatException or GenreModelFormatException
                or MusicnnWeightsException or ArgumentException or InvalidDataException => e.Message,
            // FileWriteException (disk full, read-only, permission denied, path too long) names the file and the reason;
            // .NET's own I/O exceptions name the path in their message.
            IOException or UnauthorizedAccessException => e.Message,
            HttpRequestException => $"a network request failed: {e.Message}",
            _ => $"unexpected {e.GetType().Name}: {e.Message} (this is a bug in musicgenre; please report it with the command line; {DebugVariable}=1 prints the stack trace)",
        };
    }

    /// <summary>Whether to print the whole exception as well (the bug case, with <see cref="DebugVariable"/> set).</summary>
    public static bool ShowsStackTrace => Environment.GetEnvironmentVariable(DebugVariable) is "1" or "true";

    /// <summary>The first meaningful exception inside <see cref="AggregateException"/>s (Parallel.For, Task.WaitAll).</summary>
    private static Exception Unwrap(Exception exception)
    {
        while (exception is AggregateException { InnerExceptions.Count: > 0 } aggregate)
            exception = aggregate.InnerExceptions.FirstOrDefault(e => e is not OperationCanceledException) ?? aggregate.InnerExceptions[0];
        return exception;
    }
}
