namespace MusicGenre.AspNetCore;

/// <summary>The body of the health check: <c>{"status":"ok","kind":"crnn"}</c>, or <c>{"status":"loading"}</c> with 503.</summary>
/// <param name="Status"><c>ok</c> or <c>loading</c>.</param>
/// <param name="Kind">The model kind once it is loaded.</param>
internal sealed record HealthResponse(string Status, string? Kind);
