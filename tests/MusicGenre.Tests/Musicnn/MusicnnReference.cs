using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MusicGenre.Models.Musicnn;
using MusicGenre.Tests.TestInfrastructure;

namespace MusicGenre.Tests.Musicnn;

/// <summary>
/// The reference material for musicnn tests in ../shared: the ISC Keras weights, the CC BY-NC-SA ONNX model (used
/// here only as a reference, never shipped) and the librosa musicnn input fixtures.
/// </summary>
internal static class MusicnnReference
{
    public const string OnnxInput = "model/Placeholder:0";
    public const string OnnxOutput = "model/dense/BiasAdd:0";

    public static string WeightsPath => SharedData.Musicnn("MSD_musicnn.h5");

    public static string OnnxPath => SharedData.Musicnn("msd-musicnn-1.onnx");

    /// <summary>The librosa musicnn input of a clip, <c>[frames, 96]</c>.</summary>
    public static (float[] Data, int Frames) Input(string clip)
    {
        var (data, shape) = Npy.Read(SharedData.Fixture($"{clip}.musicnn_input.npy"));
        Assert.Equal(2, shape.Length);
        Assert.Equal(MusicnnArchitecture.MelBands, shape[1]);
        return (data, shape[0]);
    }

    /// <summary>Runs the ONNX reference on patches <c>[n, 187, 96]</c>; returns <c>[n, 200]</c>.</summary>
    public static float[] RunOnnx(float[] patches, int count)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 2 };
        using var session = new InferenceSession(OnnxPath, options);
        var input = new DenseTensor<float>(patches, [count, MusicnnArchitecture.PatchFrames, MusicnnArchitecture.MelBands]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(OnnxInput, input)], [OnnxOutput]);
        var output = results.Single().AsTensor<float>();
        Assert.Equal([count, MusicnnArchitecture.EmbeddingSize], output.Dimensions.ToArray());
        return output.ToArray();
    }

    /// <summary>The largest absolute difference between two embeddings and the largest absolute expected value.</summary>
    public static (double MaxDifference, double MaxExpected) Compare(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        double maxDiff = 0, maxRef = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            maxDiff = Math.Max(maxDiff, Math.Abs(actual[i] - expected[i]));
            maxRef = Math.Max(maxRef, Math.Abs(expected[i]));
        }
        return (maxDiff, maxRef);
    }
}
