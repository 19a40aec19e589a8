using MusicGenre.Features;

namespace MusicGenre.Training;

/// <summary>
/// Training or validation tracks held compactly: one float array per track (<c>[NMels, frames]</c>, never copied per
/// epoch), its 0-based class and its dB floor (for padding). Windows are addressed by (track, start frame).
/// </summary>
internal sealed class SpectrogramSet
{
    private readonly List<float[]> spectrograms = [];
    private readonly List<int> labels = [];
    private readonly List<float> floors = [];

    public SpectrogramSet(int nMels) => NMels = nMels;

    public int NMels { get; }

    public int Count => spectrograms.Count;

    public IReadOnlyList<float[]> Spectrograms => spectrograms;

    public IReadOnlyList<int> Labels => labels;

    public int Frames(int track) => spectrograms[track].Length / NMels;

    public float Floor(int track) => floors[track];

    /// <summary>Adds a track (the array is kept, not copied).</summary>
    public void Add(float[] spectrogram, int label)
    {
        spectrograms.Add(spectrogram);
        labels.Add(label);
        floors.Add(Windowing.Floor(spectrogram));
    }

    /// <summary>Every window start as (track, start), <paramref name="hop"/> frames apart.</summary>
    public List<(int Track, int Start)> Windows(int window, int hop)
    {
        var result = new List<(int, int)>();
        for (int t = 0; t < Count; t++)
        {
            int n = Windowing.Count(Frames(t), window, hop);
            for (int w = 0; w < n; w++) result.Add((t, w * hop));
        }
        return result;
    }
}
