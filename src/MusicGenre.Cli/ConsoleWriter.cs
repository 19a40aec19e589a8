using System.Text;
using Spectre.Console;

namespace MusicGenre.Cli;

/// <summary>A <see cref="TextWriter"/> that writes to a Spectre console (for System.CommandLine's help and errors).</summary>
internal sealed class ConsoleWriter(IAnsiConsole console) : TextWriter
{
    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => console.Write(new Text(value.ToString()));

    public override void Write(string? value)
    {
        if (value is not null) console.Write(new Text(value));
    }

    public override void WriteLine(string? value) => console.WriteLine(value ?? "");
}
