namespace MusicGenre.Models;

/// <summary>The recurrent layer of the seed's networks.</summary>
internal enum SeedRecurrentLayer
{
    /// <summary>LSTM 512: the seed's CNN-LSTM.</summary>
    Lstm = 0,

    /// <summary>GRU 512: the seed's CNN-GRU comparison.</summary>
    Gru = 1,
}
