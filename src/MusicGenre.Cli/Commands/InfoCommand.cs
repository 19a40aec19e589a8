using System.CommandLine;
using System.Globalization;
using MusicGenre.Cli.Modeling;
using Spectre.Console;

namespace MusicGenre.Cli.Commands;

/// <summary><c>musicgenre info MODEL</c>: what a model file holds.</summary>
internal static class InfoCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Argument<string>("model") { Description = "A model file made by 'musicgenre train'." };
        var command = new Command("info", "Describe a model file: kind, genres, how it was trained, its test accuracy, its network.") { model };
        command.SetAction(parse => Run(context, parse.GetValue(model)!));
        return command;
    }

    private static int Run(CliContext context, string path)
    {
        var console = context.Console;
        var (model, metadata) = ModelStore.Load(path, cacheFolder: null);
        using var _ = model;
        var grid = new Grid().AddColumn().AddColumn();
        void Row(string k, string v) => grid.AddRow($"[bold]{Markup.Escape(k)}[/]", Markup.Escape(v));
        Row("file", Path.GetFullPath(path));
        Row("model", metadata.Kind);
        Row("genres", $"{metadata.Labels.Count}: {string.Join(", ", metadata.Labels)}");
        Row("format", $"{metadata.Format} v{metadata.FormatVersion}, tool {metadata.ToolVersion}");
        Row("created", metadata.Created.ToString("u", CultureInfo.InvariantCulture));
        if (metadata.Dataset is not null) Row("trained on", metadata.Dataset + (metadata.Split is null ? "" : $" ({metadata.Split})"));
        if (metadata.TestAccuracy is { } acc) Row("test accuracy", $"{100 * acc:0.0} % (track level)");
        if (model is NeuralModel neural)
        {
            var m = neural.Network.Model;
            Row("network", $"{m.Architecture}, {m.ParameterCount:N0} parameters");
            Row("input", $"{m.Shape.NMels} mel bands × {m.Shape.WindowFrames} frames per window ({m.Shape.WindowFrames * (double)m.HopLength / m.SampleRate:0.00} s), hop {m.PredictionHopFrames} frames at prediction");
        }
        if (model is MusicnnModel && !metadata.Settings.ContainsKey("weights licence"))
            Row("weights licence", MusicGenre.Models.Musicnn.MusicnnWeights.License);
        foreach (var (k, v) in metadata.Settings) Row(k, v);
        console.Write(grid);
        return ExitCodes.Ok;
    }
}
