using System.Diagnostics;
using MusicGenre.MLNet.Persistence;
using MusicGenre.Torch;
using Xunit.Abstractions;

namespace MusicGenre.Tests.Persistence;

/// <summary>
/// A damaged model file never predicts (issue 9 §4): 1,000 seeded single-bit flips anywhere in a model of each kind.
/// Each damaged file must either be refused with a <see cref="GenreModelFormatException"/> or load and give
/// byte-identical predictions (a flip in a zip field nothing reads): no silent change, no other exception type.
/// </summary>
[Collection(ModelZooCollection.Name)]
public class ModelBitFlipTests(ModelZoo zoo, ITestOutputHelper output)
{
    private const int Flips = 1000;

    public static TheoryData<string> Kinds => [.. ModelZoo.Kinds];

    [SkippableTheory]
    [MemberData(nameof(Kinds))]
    public void EveryFlippedBitIsATypedErrorOrChangesNothing(string kind)
    {
        var model = zoo.Library(kind);
        var original = File.ReadAllBytes(model.Path);
        var probe = zoo.Probes[0];
        float[] reference;
        using (var predictor = Load(original)) reference = Scores(predictor, probe);

        var random = new Random(20261201 + kind.Length * 31 + kind[^1]);
        int refused = 0, unchanged = 0;
        var silent = new List<string>();
        var untyped = new List<string>();
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < Flips; i++)
        {
            int at = random.Next(original.Length), bit = random.Next(8);
            var damaged = (byte[])original.Clone();
            damaged[at] ^= (byte)(1 << bit);
            try
            {
                using var predictor = Load(damaged);
                if (Scores(predictor, probe).SequenceEqual(reference)) unchanged++;
                else silent.Add($"byte {at} bit {bit}");
            }
            catch (GenreModelFormatException)
            {
                refused++;
            }
            catch (Exception e)
            {
                untyped.Add($"byte {at} bit {bit}: {e.GetType().Name}: {e.Message}");
            }
        }
        output.WriteLine($"{kind}: {original.Length:N0} bytes, {Flips} flips in {clock.Elapsed.TotalSeconds:0.0} s: {refused} refused, {unchanged} loaded unchanged, " +
            $"{silent.Count} silent changes, {untyped.Count} other exceptions");
        Assert.True(silent.Count == 0, "silently changed predictions: " + string.Join("; ", silent.Take(10)));
        Assert.True(untyped.Count == 0, "untyped failures: " + string.Join("; ", untyped.Take(10)));
        Assert.Equal(Flips, refused + unchanged);
        Assert.True(refused > Flips * 9 / 10, $"only {refused} of {Flips} flips were refused: most bytes of a model file are checksummed content");
    }

    private static GenrePredictor Load(byte[] file)
        => GenrePredictor.Load(new MemoryStream(file, writable: false), "damaged.mgmodel", new GenrePredictorOptions { Device = ComputeDevice.Cpu });

    private static float[] Scores(GenrePredictor predictor, string probe) => ModelZoo.Sorted(predictor.Predict(probe));
}
