namespace MusicGenre.MLNet;

/// <summary>
/// What a MusicGenre step says when plain <c>mlContext.Model.Save</c> reaches it: ML.NET gives third-party
/// transformers no way to store their options and weights, so the step refuses at once rather than let ML.NET write
/// a file that would load without them.
/// </summary>
internal static class PlainSaveRefusal
{
    public static NotSupportedException For(string step) => new(
        $"The MusicGenre {step} step cannot be saved by mlContext.Model.Save: ML.NET would write a model without its options and weights. " +
        "Save the model with mlContext.Model.SaveGenreModel(model, inputSchema, path) and load it with mlContext.Model.LoadGenreModel(path, out inputSchema) " +
        "(namespace MusicGenre.MLNet.Persistence).");
}
