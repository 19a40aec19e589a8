namespace MusicGenre.Cli;

/// <summary>A user-facing error: printed without a stack trace, exit code <see cref="ExitCodes.Error"/> (or the one given).</summary>
public sealed class CliException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and how to fix it.</param>
    /// <param name="exitCode">The process exit code.</param>
    public CliException(string message, int exitCode = ExitCodes.Error) : base(message) => ExitCode = exitCode;

    /// <summary>The process exit code.</summary>
    public int ExitCode { get; }
}
