using MusicGenre.Datasets;
using MusicGenre.Tests.TestInfrastructure;

namespace MusicGenre.Tests.Cli;

/// <summary>Tiny synthetic datasets written as WAV folders for CLI tests.</summary>
public static class CliTestData
{
    /// <summary>Writes <paramref name="clips"/> synthetic clips of each of the first <paramref name="classes"/> classes; returns the dataset folder.</summary>
    public static string Write(TempFolder dir, int classes, int clips, double seconds, string name = "data")
    {
        var options = new SyntheticGenresOptions { ClipsPerGenre = clips, DurationSeconds = seconds, Seed = 3 };
        foreach (var label in SyntheticGenres.Labels.Take(classes))
            for (var i = 0; i < clips; i++)
            {
                var clip = SyntheticGenres.GenerateClip(label, i, options);
                WavFileWriter.Write(dir.Combine(name, label, clip.Id + ".wav"), clip.Samples, clip.SampleRate);
            }
        return dir.Combine(name);
    }
}
