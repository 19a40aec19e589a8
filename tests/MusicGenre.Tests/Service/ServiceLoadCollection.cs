namespace MusicGenre.Tests.Service;

/// <summary>
/// The tests that load a real Kestrel with many requests, hostile input, or 10,000 requests for memory: they run
/// alone (after the parallel collections), so their timeouts and memory figures are not skewed by other test classes.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ServiceLoadCollection : ICollectionFixture<ServiceModelFixture>, ICollectionFixture<GtzanUploads>
{
    public const string Name = "service under load (not parallel)";
}
