namespace MusicGenre.AspNetCore.Contracts;

/// <summary>
/// The body of a successful <c>POST {prefix}/predict</c>, as JSON (camelCase; absent members are left out):
/// <c>{"genre":"jazz","probability":0.81,"scores":[{"genre":"jazz","probability":0.81},...],"timeline":[{"start":0,"end":4,"genre":"jazz","probability":0.7},...],"durationSeconds":30.0,"model":{"kind":"crnn","genres":[...]},"elapsedMs":21}</c>.
/// </summary>
/// <param name="Genre">The most probable genre.</param>
/// <param name="Probability">Its probability (0–1).</param>
/// <param name="Scores">The <c>top</c> genres with their probabilities, highest first.</param>
/// <param name="Timeline">With <c>timeline=true</c> and a network model: the genre of every analysis window, in time order; else absent.</param>
/// <param name="DurationSeconds">How much audio was analysed, in seconds (after the model's offset and duration limits).</param>
/// <param name="Model">The model that predicted.</param>
/// <param name="ElapsedMs">Milliseconds the server spent on the request: receiving the upload, waiting for a slot, decoding and classifying.</param>
/// <param name="Spectrogram">With <c>spectrogram=true</c>: a log-mel spectrogram of the analysed audio for display; else absent.</param>
public sealed record GenrePredictionResponse(
    string Genre,
    float Probability,
    IReadOnlyList<GenreScoreResponse> Scores,
    IReadOnlyList<GenreWindowResponse>? Timeline,
    double DurationSeconds,
    GenreModelSummary Model,
    long ElapsedMs,
    GenreSpectrogramResponse? Spectrogram = null);
