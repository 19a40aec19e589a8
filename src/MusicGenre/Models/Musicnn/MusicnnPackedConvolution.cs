using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace MusicGenre.Models.Musicnn;

/// <summary>
/// A musicnn convolution followed by ReLU and an evaluation-mode batch norm, read out of its TorchSharp layers for
/// <see cref="ConvolutionTile"/>: weights packed per tile, bias, and the batch norm as a per-channel affine
/// map <c>x · Scale + Shift</c>. A snapshot: packed again for every inference call, so changed weights are seen.
/// </summary>
internal sealed class MusicnnPackedConvolution
{
    /// <summary>Packs a convolution <c>[filters, ·, rows, taps]</c> or <c>[filters, rows, taps]</c> and its batch norm.</summary>
    public MusicnnPackedConvolution(Tensor weight, Tensor bias, Tensor bnWeight, Tensor bnBias, Tensor runningMean, Tensor runningVariance, int rows, int taps)
    {
        Filters = (int)weight.shape[0];
        Rows = rows;
        Taps = taps;
        using (var contiguous = weight.contiguous())
            Weights = ConvolutionTile.Pack(MemoryMarshal.Cast<byte, float>(contiguous.bytes), Filters, rows * taps);
        Bias = Read(bias);
        (Scale, Shift) = BatchNormAffine(bnWeight, bnBias, runningMean, runningVariance);
    }

    /// <summary>Output channels.</summary>
    public int Filters { get; }

    /// <summary>Kernel rows (frames, or input channels in the mid end).</summary>
    public int Rows { get; }

    /// <summary>Kernel taps along the output positions.</summary>
    public int Taps { get; }

    /// <summary>Tiles of <see cref="ConvolutionTile.TileChannels"/> channels.</summary>
    public int Groups => (Filters + ConvolutionTile.TileChannels - 1) / ConvolutionTile.TileChannels;

    /// <summary>Packed weights <c>[groups][rows · taps][12]</c>.</summary>
    public float[] Weights { get; }

    /// <summary>Convolution bias per channel.</summary>
    public float[] Bias { get; }

    /// <summary>Batch norm scale per channel: <c>γ / √(σ² + ε)</c>.</summary>
    public float[] Scale { get; }

    /// <summary>Batch norm shift per channel: <c>β − μ · scale</c>.</summary>
    public float[] Shift { get; }

    /// <summary>The batch norm after the ReLU, for one sum: <c>bn(relu(sum + bias))</c>.</summary>
    public float Activate(int channel, float sum) => Math.Max(sum + Bias[channel], 0f) * Scale[channel] + Shift[channel];

    /// <summary>An evaluation-mode batch norm as <c>x · scale + shift</c> per channel.</summary>
    public static (float[] Scale, float[] Shift) BatchNormAffine(Tensor weight, Tensor bias, Tensor runningMean, Tensor runningVariance)
    {
        float[] w = Read(weight), b = Read(bias), mean = Read(runningMean), variance = Read(runningVariance);
        var scale = new float[w.Length];
        var shift = new float[w.Length];
        for (int c = 0; c < w.Length; c++)
        {
            scale[c] = (float)(w[c] / Math.Sqrt(variance[c] + MusicnnArchitecture.BatchNormEpsilon));
            shift[c] = (float)(b[c] - mean[c] * (double)scale[c]);
        }
        return (scale, shift);
    }

    /// <summary>A float32 CPU tensor's values in row-major order (one copy; <c>data&lt;float&gt;()</c> reads element by element).</summary>
    private static float[] Read(Tensor tensor)
    {
        using var contiguous = tensor.contiguous();
        return MemoryMarshal.Cast<byte, float>(contiguous.bytes).ToArray();
    }
}
