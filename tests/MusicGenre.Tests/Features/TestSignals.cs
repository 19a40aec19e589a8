namespace MusicGenre.Tests.Features;

/// <summary>Deterministic synthetic signals for feature tests.</summary>
public static class TestSignals
{
    /// <summary>Uniform white noise in [-0.5, 0.5).</summary>
    public static float[] Noise(int length, int seed)
    {
        var random = new Random(seed);
        var samples = new float[length];
        for (int i = 0; i < length; i++) samples[i] = (float)(random.NextDouble() - 0.5);
        return samples;
    }

    /// <summary>A sine of <paramref name="hz"/> Hz and amplitude <paramref name="amplitude"/>.</summary>
    public static float[] Sine(double hz, int sampleRate, int length, double amplitude = 0.5)
    {
        var samples = new float[length];
        for (int i = 0; i < length; i++) samples[i] = (float)(amplitude * Math.Sin(2 * Math.PI * hz * i / sampleRate));
        return samples;
    }
}
