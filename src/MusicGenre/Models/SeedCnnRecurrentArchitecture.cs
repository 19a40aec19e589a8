using TorchSharp;
using static TorchSharp.torch;

namespace MusicGenre.Models;

/// <summary>Base of the seed architectures: builds a <see cref="SeedCnnRecurrentNetwork"/> with a given recurrent layer.</summary>
internal abstract class SeedCnnRecurrentArchitecture : GenreArchitecture
{
    /// <summary>The recurrent layer the network uses.</summary>
    protected abstract SeedRecurrentLayer Layer { get; }

    /// <inheritdoc />
    public override nn.Module<Tensor, Tensor> Create(GenreNetworkShape shape)
    {
        EnsureValid(shape);
        return new SeedCnnRecurrentNetwork(shape, Layer);
    }
}
