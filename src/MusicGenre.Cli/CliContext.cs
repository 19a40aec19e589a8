using Spectre.Console;

namespace MusicGenre.Cli;

/// <summary>
/// What every command needs: where to write. <see cref="Console"/> is standard output (tables, reports, and the
/// CSV/JSON of machine-readable modes); <see cref="Error"/> is standard error (errors, failure lists, and every note
/// and progress bar while standard output carries CSV or JSON).
/// </summary>
/// <param name="Console">Standard output (the terminal, or a recorder in tests).</param>
/// <param name="Error">Standard error (in tests often the same recorder as <paramref name="Console"/>).</param>
public sealed record CliContext(IAnsiConsole Console, IAnsiConsole Error)
{
    /// <summary>A context writing everything to one console.</summary>
    /// <param name="console">The console.</param>
    public CliContext(IAnsiConsole console) : this(console, console)
    {
    }

    /// <summary>Where notes and progress go: standard error when standard output carries machine-readable data, else standard output.</summary>
    /// <param name="format">The command's output format.</param>
    public IAnsiConsole NotesFor(OutputFormat format) => format == OutputFormat.Table ? Console : Error;

    /// <summary>Writes standard output's raw text (CSV, JSON): no markup, no wrapping.</summary>
    public TextWriter Data => Console.Profile.Out.Writer;

    /// <summary>Writes one line of markup that must stay one line (errors, failures): coloured on a terminal, plain and unwrapped otherwise.</summary>
    /// <param name="console">Standard output or standard error.</param>
    /// <param name="markup">Spectre markup (values escaped by the caller).</param>
    public static void Line(IAnsiConsole console, string markup)
    {
        if (console.Profile.Capabilities.Ansi) console.MarkupLine(markup);
        else console.Profile.Out.Writer.WriteLine(Markup.Remove(markup));
    }

    /// <summary>Writes "error: ..." as one line on standard error.</summary>
    /// <param name="message">The message (plain text).</param>
    public void WriteError(string message) => Line(Error, "[red]error:[/] " + Markup.Escape(message));
}
