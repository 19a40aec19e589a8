using MusicGenre.Orleans.Cluster;
using MusicGenre.Orleans.Silo;

namespace MusicGenre.Tests.Cluster;

public sealed class GenreClusterMembershipTests
{
    [Theory]
    [InlineData("redis://127.0.0.1:6379", "127.0.0.1:6379", true)]
    [InlineData("redis://redis.default.svc:6380/2", "redis.default.svc:6380,defaultDatabase=2", false)]
    [InlineData("redis://localhost", "localhost:6379", true)]
    public void RedisUrls(string text, string configuration, bool local)
    {
        var membership = GenreClusterMembership.Parse(text, "job-1");
        Assert.Equal(GenreClusterKind.Redis, membership.Kind);
        Assert.Equal(configuration, membership.RedisConfiguration);
        Assert.Equal("job-1", membership.ClusterId);
        Assert.Equal(local, membership.IsLocal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:6379")]
    [InlineData("127.0.0.1:6379")]
    [InlineData("redis://host:6379/x")]
    [InlineData("")]
    public void OtherTextIsRefusedWithBothForms(string text)
        => Assert.Contains("redis://host:port", Assert.Throws<FormatException>(() => GenreClusterMembership.Parse(text)).Message);

    [Fact]
    public void DevIsOneLocalSilo()
    {
        var dev = GenreClusterMembership.Parse("dev");
        Assert.Equal(GenreClusterKind.Development, dev.Kind);
        Assert.True(dev.IsLocal);
        Assert.Equal(GenreClusterMembership.DefaultClusterId, dev.ClusterId);
    }

    [Fact]
    public void ATracksOwnFailureIsNotASilosFailure()
    {
        Assert.True(GenreClassifierWorker.IsTrackFault(new MusicGenre.Audio.AudioFormatException("x.wav", "no RIFF header")));
        Assert.True(GenreClassifierWorker.IsTrackFault(new FileNotFoundException("gone", "x.wav")));
        Assert.False(GenreClassifierWorker.IsTrackFault(new IOException("stale NFS handle")));
        Assert.False(GenreClassifierWorker.IsTrackFault(new OutOfMemoryException()));
        Assert.False(GenreClassifierWorker.IsTrackFault(new ObjectDisposedException("GenrePredictor")));
    }

    [Fact]
    public void SiloOptionsAreChecked()
    {
        Assert.Contains("ModelPath", Assert.Throws<ArgumentException>(() => new GenreSiloOptions().Validate()).Message);
        Assert.Contains("Workers", Assert.Throws<ArgumentException>(() => new GenreSiloOptions { ModelPath = "m", Workers = 0 }.Validate()).Message);
    }
}
