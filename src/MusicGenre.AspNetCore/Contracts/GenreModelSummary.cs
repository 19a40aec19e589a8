namespace MusicGenre.AspNetCore.Contracts;

/// <summary>The model named in a prediction response: <c>{"kind":"crnn","genres":[...]}</c>.</summary>
/// <param name="Kind">The model kind (<c>cnn-lstm</c>, <c>cnn-gru</c>, <c>crnn</c>, <c>classical</c>, <c>musicnn-linear</c>, <c>musicnn-finetune</c> or <c>custom</c>).</param>
/// <param name="Genres">Every genre the model knows, in the order of its scores.</param>
public sealed record GenreModelSummary(string Kind, IReadOnlyList<string> Genres);
