using System.CommandLine;
using System.Globalization;
using MusicGenre.Cli.Modeling;
using MusicGenre.MLNet.Persistence;
using Spectre.Console;

namespace MusicGenre.Cli.Commands;

/// <summary><c>musicgenre info MODEL</c>: what a model file holds (its manifest; no network is built).</summary>
internal static class InfoCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Argument<string>("model") { Description = "A model file made by 'musicgenre train' or the library's SaveGenreModel." };
        var command = new Command("info", "Describe a model file: kind, genres, how it was trained, its test accuracy, its steps. Every entry's checksum is verified.") { model };
        command.SetAction(parse => Run(context, parse.GetValue(model)!));
        return command;
    }

    private static int Run(CliContext context, string path)
    {
        var console = context.Console;
        var info = SavedModels.Info(path);
        var metadata = info.Metadata;
        var grid = new Grid().AddColumn().AddColumn();
        void Row(string k, string v) => grid.AddRow($"[bold]{Markup.Escape(k)}[/]", Markup.Escape(v));
        Row("file", Path.GetFullPath(path));
        Row("model", info.Kind);
        Row("genres", $"{info.Genres.Count}: {string.Join(", ", info.Genres)}");
        Row("format", $"musicgenre-model v{info.FormatVersion}, written by MusicGenre {info.LibraryVersion}");
        Row("created", info.Created.ToString("u", CultureInfo.InvariantCulture));
        Row("input", info.InputColumnName is { } input ? $"audio path column '{input}'" + (info.LabelColumnName is { } label ? $" (label '{label}', needed only to evaluate)" : "") : "not the audio (GenrePredictor cannot use it)");
        if (metadata.TrainedBy is not null) Row("trained by", metadata.TrainedBy + (metadata.ToolVersion is null ? "" : $" {metadata.ToolVersion}"));
        if (metadata.Dataset is not null) Row("trained on", metadata.Dataset + (metadata.Split is null ? "" : $" ({metadata.Split})"));
        if (metadata.Metrics.TryGetValue(GenreModelMetadata.TrainingTracks, out var tracks)) Row("training tracks", tracks.ToString(CultureInfo.InvariantCulture));
        if (metadata.Metrics.TryGetValue(GenreModelMetadata.TestAccuracy, out var accuracy)) Row("test accuracy", $"{100 * accuracy:0.0} % (track level)");
        for (int i = 0; i < info.Steps.Count; i++)
        {
            var step = info.Steps[i];
            Row($"step {i}", $"{step.Kind}{(step.LabelOnly ? " (label only)" : "")}: {step.Description}");
        }
        if (ModelKinds.IsMusicnn(info.Kind) && !metadata.Settings.ContainsKey("weights licence"))
            Row("weights licence", MusicGenre.Models.Musicnn.MusicnnWeights.License);
        foreach (var (k, v) in metadata.Settings) Row(k, v);
        console.Write(grid);
        return ExitCodes.Ok;
    }
}
