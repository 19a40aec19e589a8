using MusicGenre.Features;

namespace MusicGenre.Tests.Features;

public class PowerToDbTests
{
    [Fact]
    public void ReferenceOneGivesTenLog10()
    {
        float[] values = [1f, 10f, 0.001f, 100f];
        PowerToDb.InPlace(values, new PowerToDbOptions { TopDb = null });
        Assert.Equal([0f, 10f, -30f, 20f], values.Select(v => MathF.Round(v, 4)).ToArray());
    }

    [Fact]
    public void ReferenceMaxPutsTheMaximumAtZero()
    {
        float[] values = [4f, 2f, 1f];
        PowerToDb.InPlace(values, new PowerToDbOptions { RefIsMax = true });
        Assert.Equal(0f, values[0]);
        Assert.Equal(-10 * MathF.Log10(4f), values[2], 4);
    }

    [Fact]
    public void TopDbClipsBelowTheMaximum()
    {
        float[] values = [1f, 1e-9f, 1e-3f];
        PowerToDb.InPlace(values, new PowerToDbOptions { TopDb = 40 });
        Assert.Equal([0f, -40f, -30f], values.Select(v => MathF.Round(v, 4)).ToArray());
    }

    [Fact]
    public void AMinFloorsZeroPower()
    {
        float[] values = [0f, 0f];
        PowerToDb.InPlace(values);
        Assert.All(values, v => Assert.Equal(-100f, v, 4));
    }

    [Fact]
    public void InvalidOptionsAreReportedTogether()
    {
        var e = Assert.Throws<ArgumentException>(() => PowerToDb.InPlace(new float[1], new PowerToDbOptions { AMin = 0, Ref = -1, TopDb = -5 }));
        Assert.Contains("AMin", e.Message);
        Assert.Contains("Ref", e.Message);
        Assert.Contains("TopDb", e.Message);
    }
}
