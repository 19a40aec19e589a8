using Spectre.Console;

namespace MusicGenre.Cli;

/// <summary>What every command needs: the console to write to.</summary>
/// <param name="Console">Output console (the terminal, or a recorder in tests).</param>
public sealed record CliContext(IAnsiConsole Console);
