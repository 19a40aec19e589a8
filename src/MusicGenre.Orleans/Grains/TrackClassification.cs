using Orleans;

namespace MusicGenre.Orleans.Grains;

/// <summary>
/// The result of one track: its genre and scores, or the error that kept it from being classified. This is one row
/// of a batch's output.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TrackClassification
{
    /// <summary>The track's path, as given to the batch.</summary>
    [Id(0)] public required string Path { get; init; }

    /// <summary>The most probable genre; empty when the track failed.</summary>
    [Id(1)] public string Genre { get; init; } = "";

    /// <summary>The probability of <see cref="Genre"/>; 0 when the track failed.</summary>
    [Id(2)] public float Probability { get; init; }

    /// <summary>Every genre with its probability, highest first; empty when the track failed.</summary>
    [Id(3)] public IReadOnlyList<TrackGenreScore> Scores { get; init; } = [];

    /// <summary>The model that classified it (<see cref="GenreSiloInfo.Model"/>).</summary>
    [Id(4)] public string Model { get; init; } = "";

    /// <summary>The silo that classified it (or, for a track no silo could classify, the last one tried).</summary>
    [Id(5)] public string Silo { get; init; } = "";

    /// <summary>How long the silo worked on it (reading, decoding, features, network), not counting time in its queue.</summary>
    [Id(6)] public TimeSpan Elapsed { get; init; }

    /// <summary>Why the track has no genre (it does not decode, it is missing, ...); null when it succeeded.</summary>
    [Id(7)] public string? Error { get; init; }

    /// <summary>How many silos were asked (1 unless a silo failed while it held the track).</summary>
    [Id(8)] public int Attempts { get; init; } = 1;

    /// <summary>True when the track has a genre.</summary>
    public bool Succeeded => Error is null;
}
