namespace MusicGenre.Tests.TestInfrastructure;

/// <summary>
/// Tests that assert bit-identical weights: torch's random generator is process-wide, and other test classes
/// (network construction, musicnn fine-tuning) draw from it in parallel, so these run alone, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchRandomCollection
{
    public const string Name = "torch random generator (not parallel)";
}
