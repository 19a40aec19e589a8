using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MusicGenre.Features;
using MusicGenre.Models.Musicnn;
using MusicGenre.Tests.TestInfrastructure;
using Xunit.Abstractions;

namespace MusicGenre.Tests.Musicnn;

/// <summary>
/// musicnn's 50 MSD tags against Essentia's reference head (<c>msd-msd-musicnn-1.onnx</c>, CC BY-NC-SA, read from
/// ../shared only) and on real GTZAN clips.
/// </summary>
public class MusicnnTaggerTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-4;

    private static readonly Lazy<MusicnnTagger> SharedTagger = new(() => MusicnnTagger.FromWeights(MusicnnReference.WeightsPath));

    /// <summary>Runs the reference head on <c>[n, 200]</c> embeddings; returns <c>[n, 50]</c>.</summary>
    private static float[] RunOnnxHead(float[] embeddings, int count)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(SharedData.Musicnn("msd-msd-musicnn-1.onnx"), options);
        var input = new DenseTensor<float>(embeddings, [count, MusicnnArchitecture.EmbeddingSize]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(session.InputMetadata.Keys.Single(), input)]);
        var scores = results.Single().AsTensor<float>();
        Assert.Equal([count, MusicnnTagNames.Count], scores.Dimensions.ToArray());
        return scores.ToArray();
    }

    [SkippableFact]
    public void TagNamesAreTheReferenceOnes()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(SharedData.Musicnn("msd-musicnn-1.json")));
        var classes = json.RootElement.GetProperty("classes").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.Equal(classes, MusicnnTagNames.All);
    }

    [SkippableTheory]
    [InlineData("blues.00000")]
    [InlineData("metal.00000")]
    public void OutputLayerMatchesReferenceHeadOnTheReferenceEmbedding(string clip)
    {
        var (input, frames) = MusicnnReference.Input(clip);
        var count = frames / MusicnnArchitecture.PatchFrames;
        var patches = input.AsSpan(0, count * MusicnnArchitecture.PatchFrames * MusicnnArchitecture.MelBands).ToArray();
        var embedding = MusicnnReference.RunOnnx(patches, count);
        var expected = RunOnnxHead(embedding, count);

        var actual = SharedTagger.Value.TagEmbeddings(embedding);
        var (maxDiff, _) = MusicnnReference.Compare(expected, actual);
        output.WriteLine($"{clip}: {count} patches, head on the reference embedding: max |ours - onnx| = {maxDiff:E3}");
        Assert.True(maxDiff <= Tolerance, $"{clip}: max abs diff {maxDiff:E3} > {Tolerance}");
        Assert.True(expected.Max() - expected.Min() > 0.1, "reference scores are degenerate");

        // End to end from the same patches through our network: the embedding differs by ≤ 2e-5, the scores by less.
        using var noGrad = TorchSharp.torch.no_grad();
        var ours = SharedTagger.Value.TagEmbeddings(MusicnnEmbedderFor(patches));
        var (endToEnd, _) = MusicnnReference.Compare(expected, ours);
        output.WriteLine($"{clip}: our network + head: max |ours - onnx| = {endToEnd:E3}");
        Assert.True(endToEnd <= Tolerance, $"{clip}: end to end max abs diff {endToEnd:E3} > {Tolerance}");
    }

    private static float[] MusicnnEmbedderFor(float[] patches)
    {
        using var embedder = MusicnnEmbedder.FromWeights(MusicnnReference.WeightsPath);
        return embedder.EmbedPatches(patches);
    }

    [SkippableFact]
    public void TimelineCoversTheTrackAndAveragesToTheTrackScores()
    {
        var samples = GtzanMiniClips.Load().First(c => c.Label == "metal").Samples; // 30 s
        var result = SharedTagger.Value.Tag(samples, "metal");
        var frames = new MusicnnFeatures().FrameCount(samples.Length);
        Assert.Equal(1 + (frames - MusicnnFeatures.PatchFrames) / MusicnnFeatures.PatchFrames, result.Timeline.Count);
        Assert.Equal(TimeSpan.Zero, result.Timeline[0].Start);
        Assert.Equal(187 * 256 / 16000.0, result.Timeline[1].Start.TotalSeconds, 6);
        Assert.All(result.Timeline, p => Assert.True(p.End <= result.Duration));
        Assert.Equal(MusicnnTagNames.Count, result.Tags.Count);
        Assert.True(result.Tags.Zip(result.Tags.Skip(1)).All(p => p.First.Score >= p.Second.Score), "tags are not ranked");
        foreach (var tag in new[] { "metal", "jazz", "pop" })
        {
            var mean = result.Timeline.Average(p => p.Tags.Single(t => t.Tag == tag).Score);
            Assert.Equal(mean, result.Tags.Single(t => t.Tag == tag).Score, 5);
        }
    }

    [SkippableTheory]
    [InlineData("jazz", new[] { "jazz" })]
    [InlineData("metal", new[] { "metal", "heavy metal" })]
    public void GenreClipsGetTheirTagInTheTopThree(string genre, string[] accepted)
    {
        var clips = GtzanMiniClips.Load().Where(c => c.Label == genre).ToList();
        var misses = new List<string>();
        foreach (var clip in clips)
        {
            var top = SharedTagger.Value.Tag(clip.Samples, clip.Path).Top(3);
            output.WriteLine($"{Path.GetFileName(clip.Path)}: {string.Join(", ", top.Select(t => $"{t.Tag} {t.Score:0.000}"))}");
            if (!top.Any(t => accepted.Contains(t.Tag))) misses.Add(Path.GetFileName(clip.Path));
        }
        Assert.True(misses.Count == 0, $"{genre} clips without {string.Join(" or ", accepted)} in their top 3: {string.Join(", ", misses)}");
    }
}
