namespace MusicGenre.Tests.TestInfrastructure;

/// <summary>
/// Tests that change a process-wide setting for a moment (<c>CpuFastPaths.Enabled</c>, an environment variable):
/// a test class running beside them would see the changed setting (another inference path, so results that are no
/// longer bit-identical; another cache folder), so they run alone, after the parallel collections.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessSettingsCollection
{
    public const string Name = "process-wide settings (not parallel)";
}
