namespace MusicGenre.Tests.TestInfrastructure;

public class NpyTests
{
    [SkippableFact]
    public void ReadsFixtureWithManifestShape()
    {
        var (data, shape) = Npy.Read(SharedData.Fixture("blues.00000.seg4s.mel64.db.npy"));
        Assert.Equal([64, 173], shape);
        Assert.Equal(64 * 173, data.Length);
        Assert.All(data, v => Assert.True(float.IsFinite(v)));
    }
}
