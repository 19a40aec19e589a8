using MusicGenre.Audio.Ffmpeg;
using MusicGenre.Tests.TestInfrastructure;
using Xunit.Abstractions;

namespace MusicGenre.Tests.Audio;

/// <summary>
/// A seeded slice of the standing fuzz harness (tests/MusicGenre.Fuzz, docs/reliability.md): every decoder, through
/// seekable streams, forward-only streams and paths, each case under a watchdog. Every case must give samples within
/// the limits or an <see cref="MusicGenre.Audio.AudioFormatException"/> naming the input; nothing else.
/// </summary>
public class DecoderFuzzTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(20261201, 3000)]
    [InlineData(9, 1500)]
    public void FuzzSlice_HasNoAnomaly(int seed, int cases)
    {
        string? formats = SharedData.Root is { } root ? Path.Combine(root, "data", "formats") : null;
        var summary = FuzzRunner.Run(new FuzzRunOptions(cases, seed, Workers: 2, CaseLimit: TimeSpan.FromSeconds(20), formats, FfmpegLocator.Find()));
        output.WriteLine($"{summary.Cases} cases in {summary.Elapsed.TotalSeconds:F1} s: {summary.Count(FuzzOutcome.Samples)} samples, " +
                         $"{summary.Count(FuzzOutcome.TypedError)} typed errors, {summary.Count(FuzzOutcome.Anomaly)} anomalies");
        foreach (var a in summary.Anomalies.Take(10)) output.WriteLine($"case {a.Index} ({a.Seed}, {a.Mutation}, {a.Delivery}): {a.Detail}");
        Assert.Equal(cases, summary.Cases);
        Assert.Empty(summary.Anomalies);
        Assert.True(summary.Count(FuzzOutcome.Samples) > cases / 10, "the mutations must leave many files decodable");
        Assert.True(summary.Count(FuzzOutcome.TypedError) > cases / 20, "and damage many beyond decoding");
    }

    [Fact]
    public void Cases_AreReproducibleFromSeedAndIndex()
    {
        var seeds = FuzzSeed.All(null, withFfmpeg: false);
        double weight = seeds.Sum(s => s.Weight);
        var a = FuzzCase.Create(5, 1234, seeds, weight, null);
        var b = FuzzCase.Create(5, 1234, seeds, weight, null);
        var c = FuzzCase.Create(5, 1235, seeds, weight, null);
        Assert.Equal(a.Data, b.Data);
        Assert.Equal((a.Seed, a.Mutation, a.Delivery), (b.Seed, b.Mutation, b.Delivery));
        Assert.NotEqual(a.Data, c.Data);
    }

    [SkippableFact]
    public void OggPageEdits_KeepValidChecksums()
    {
        var ogg = File.ReadAllBytes(SharedData.Format(TestAudio.OggStereo));
        var pages = OggPages.Find(ogg);
        Assert.All(pages, p => Assert.True(OggPages.HasValidCrc(ogg, p)));
        var edited = OggPages.SetByte(ogg, pages[1].Offset + 40, 0x5A);
        Assert.True(OggPages.HasValidCrc(edited, OggPages.Find(edited)[1]));
        Assert.Equal(pages.Count + 1, OggPages.Find(OggPages.DuplicatePage(ogg, 4)).Count);
        Assert.Equal(pages.Count - 1, OggPages.Find(OggPages.DeletePage(ogg, 4)).Count);
    }
}
