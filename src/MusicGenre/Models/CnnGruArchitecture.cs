namespace MusicGenre.Models;

/// <summary>Registers the seed's CNN-GRU comparison (<see cref="SeedCnnRecurrentNetwork"/> with a GRU) as <see cref="GenreArchitectures.CnnGru"/>.</summary>
internal sealed class CnnGruArchitecture : SeedCnnRecurrentArchitecture
{
    /// <inheritdoc />
    public override string Name => GenreArchitectures.CnnGru;

    /// <inheritdoc />
    public override string Description => "Seed CNN-GRU: 2×(Conv 5×5, ReLU, MaxPool 2), Dense 20, GRU 512, Dense (1,341,760 parameters at 64×173, 10 genres).";

    /// <inheritdoc />
    protected override SeedRecurrentLayer Layer => SeedRecurrentLayer.Gru;
}
