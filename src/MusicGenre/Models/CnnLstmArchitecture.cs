namespace MusicGenre.Models;

/// <summary>Registers the seed's CNN-LSTM (<see cref="SeedCnnRecurrentNetwork"/> with an LSTM) as <see cref="GenreArchitectures.CnnLstm"/>.</summary>
internal sealed class CnnLstmArchitecture : SeedCnnRecurrentArchitecture
{
    /// <inheritdoc />
    public override string Name => GenreArchitectures.CnnLstm;

    /// <inheritdoc />
    public override string Description => "Seed CNN-LSTM: 2×(Conv 5×5, ReLU, MaxPool 2), Dense 20, LSTM 512, Dense (1,605,440 parameters at 64×173, 10 genres).";

    /// <inheritdoc />
    protected override SeedRecurrentLayer Layer => SeedRecurrentLayer.Lstm;
}
