using Orleans;
using Orleans.Placement;
using Orleans.Runtime;

namespace MusicGenre.Orleans.Grains;

/// <summary>Places a grain whose string key is a silo address on that silo, and nowhere else.</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking]
internal sealed class SiloPinnedPlacement : PlacementStrategy
{
    public static readonly SiloPinnedPlacement Instance = new();
}

/// <summary>Marks a grain class as placed by <see cref="SiloPinnedPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
internal sealed class SiloPinnedPlacementAttribute() : PlacementAttribute(SiloPinnedPlacement.Instance);
