namespace MusicGenre.AspNetCore;

/// <summary>The validated copy of the options given to <c>AddGenrePrediction</c>, and the model file.</summary>
internal sealed record ServiceSettings(GenrePredictionOptions Options, string ModelPath);
