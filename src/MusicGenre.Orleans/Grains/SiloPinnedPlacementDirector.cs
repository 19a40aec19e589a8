using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace MusicGenre.Orleans.Grains;

/// <summary>
/// Chooses the silo named by the grain's key. When that silo is not (or no longer) in the cluster the activation
/// fails, so the caller learns that the silo has gone instead of having its work done by a silo it did not choose.
/// </summary>
internal sealed class SiloPinnedPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString();
        SiloAddress wanted;
        try
        {
            wanted = SiloAddress.FromParsableString(key);
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"The genre classifier grain's key must be a silo address (SiloAddress.ToParsableString()); got '{key}'.", e);
        }
        foreach (var silo in context.GetCompatibleSilos(target))
            if (silo.Equals(wanted)) return Task.FromResult(silo);
        throw new SiloUnavailableException($"Silo {key} is not an active member of the cluster; its genre classifier cannot be activated.");
    }
}
