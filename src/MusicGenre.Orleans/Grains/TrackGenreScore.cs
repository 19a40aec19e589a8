using Orleans;

namespace MusicGenre.Orleans.Grains;

/// <summary>One genre of a track and its probability.</summary>
/// <param name="Genre">The genre.</param>
/// <param name="Probability">Its probability (0–1).</param>
[GenerateSerializer, Immutable]
public readonly record struct TrackGenreScore([property: Id(0)] string Genre, [property: Id(1)] float Probability);
