using Microsoft.ML;
using Microsoft.ML.Data;

namespace MusicGenre.Tests.Training;

/// <summary>A track row: genre name and a variable-length <c>[NMels, frames]</c> log-mel spectrogram in dB.</summary>
public sealed class SpectrogramRow
{
    public string Label { get; set; } = "";

    [VectorType]
    public float[] Features { get; set; } = [];
}

/// <summary>
/// Synthetic log-mel "genres" that a network can tell apart: each class lifts its own band region and pulses at its
/// own period, over a -60 dB floor with Gaussian noise; tracks have random lengths. Deterministic from a seed.
/// </summary>
public static class SyntheticSpectrograms
{
    public static readonly string[] Genres = ["blues", "classical", "country", "disco", "hiphop", "jazz", "metal", "pop", "reggae", "rock"];

    public static List<SpectrogramRow> Make(int classes, int tracksPerClass, int seed, int nMels = 64, int minFrames = 173, int maxFrames = 260)
    {
        var random = new Random(seed);
        var rows = new List<SpectrogramRow>();
        for (int t = 0; t < tracksPerClass; t++)
            for (int c = 0; c < classes; c++)
                rows.Add(new SpectrogramRow { Label = Genres[c], Features = Track(c, classes, random.Next(minFrames, maxFrames + 1), nMels, random) });
        return rows;
    }

    public static float[] Track(int genre, int classes, int frames, int nMels, Random random)
    {
        var values = new float[nMels * frames];
        int bandWidth = Math.Max(1, nMels / classes), first = genre * bandWidth, period = 3 + genre;
        int phase = random.Next(period);
        for (int band = 0; band < nMels; band++)
            for (int f = 0; f < frames; f++)
            {
                double v = -60 + 3 * Gaussian(random);
                if (band >= first && band < first + bandWidth) v += 25;
                if ((f + phase) % period == 0) v += 12;
                values[band * frames + f] = (float)v;
            }
        return values;
    }

    public static IDataView Load(MLContext mlContext, List<SpectrogramRow> rows) => mlContext.Data.LoadFromEnumerable(rows);

    private static double Gaussian(Random random)
        => Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
