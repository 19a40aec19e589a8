using Orleans;

namespace MusicGenre.Orleans.Grains;

/// <summary>What a classifier silo serves.</summary>
/// <param name="Silo">The silo's name (what result rows show in their <c>silo</c> column).</param>
/// <param name="Address">The silo's address, as its grain key.</param>
/// <param name="Model">The model's identity: kind, file name and the start of its SHA-256 (equal on every silo that loaded the same file).</param>
/// <param name="Kind">The model kind (cnn-lstm, classical, musicnn-linear, ...).</param>
/// <param name="Genres">The model's genres.</param>
/// <param name="Workers">How many tracks the silo classifies at once.</param>
[GenerateSerializer, Immutable]
public sealed record GenreSiloInfo(
    [property: Id(0)] string Silo,
    [property: Id(1)] string Address,
    [property: Id(2)] string Model,
    [property: Id(3)] string Kind,
    [property: Id(4)] IReadOnlyList<string> Genres,
    [property: Id(5)] int Workers);
