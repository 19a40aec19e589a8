using MusicGenre.Features;

namespace MusicGenre.Tests.Features;

public class WindowingTests
{
    [Theory]
    [InlineData(1292, 173, 173, 7)]
    [InlineData(173, 173, 173, 1)]
    [InlineData(100, 173, 173, 1)]
    [InlineData(1292, 173, 86, 14)]
    [InlineData(346, 173, 173, 2)]
    public void CountsWindowsLikeTheSeed(int frames, int window, int hop, int expected)
        => Assert.Equal(expected, Windowing.Count(frames, window, hop));

    [Fact]
    public void CopiesBandsAndPadsShortTracksWithTheFloor()
    {
        // 2 bands × 3 frames: band 0 = 1,2,3; band 1 = 4,5,6.
        float[] track = [1, 2, 3, 4, 5, 6];
        var window = new float[2 * 4];
        Windowing.CopyWindow(track, 2, 3, 1, 4, Windowing.Floor(track), window);
        Assert.Equal(new float[] { 2, 3, 1, 1, 5, 6, 1, 1 }, window);
    }

    [Fact]
    public void StandardizerLearnsPerBandStatistics()
    {
        float[] a = [0, 2, 10, 10];
        float[] b = [4, 6, 10, 10];
        var standardizer = FeatureStandardizer.Fit([a, b], 2);
        Assert.Equal(new float[] { 3, 10 }, standardizer.Mean);
        var window = new float[] { 3, 3 + (float)Math.Sqrt(5), 10, 10 };
        standardizer.Apply(window, 2);
        Assert.Equal(0, window[0], 5);
        Assert.Equal(1, window[1], 5);
        Assert.Equal(0, window[2], 5);
    }
}
