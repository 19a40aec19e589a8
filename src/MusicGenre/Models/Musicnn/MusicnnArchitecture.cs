using MusicGenre.Features;

namespace MusicGenre.Models.Musicnn;

/// <summary>
/// The fixed shape of the MSD musicnn network (Pons &amp; Serra 2019, <c>MSD_musicnn</c>): what its input patches
/// and its embedding look like.
/// </summary>
public static class MusicnnArchitecture
{
    /// <summary>Frames per input patch (3 s at 16 kHz with hop 256): 187, the patch of <see cref="MusicnnFeatures"/>.</summary>
    public const int PatchFrames = MusicnnFeatures.PatchFrames;

    /// <summary>Mel bands per frame: 96, the bands of <see cref="MusicnnFeatures"/>.</summary>
    public const int MelBands = MusicnnFeatures.NMels;

    /// <summary>Size of the embedding (the 200-unit penultimate dense layer, before its ReLU): 200.</summary>
    public const int EmbeddingSize = 200;

    /// <summary>Channels out of the front end: two timbral branches of 204 and three temporal branches of 51 (561).</summary>
    public const int FrontEndChannels = 2 * TimbralFilters + 3 * TemporalFilters;

    /// <summary>Channels of each of the three mid-end layers: 64.</summary>
    public const int MidEndFilters = 64;

    /// <summary>Channels pooled by the back end: front end plus three mid-end layers (753).</summary>
    public const int PooledChannels = FrontEndChannels + 3 * MidEndFilters;

    /// <summary>Filters of each timbral branch: int(1.6 × 128) = 204.</summary>
    internal const int TimbralFilters = 204;

    /// <summary>Filters of each temporal branch: int(1.6 × 32) = 51.</summary>
    internal const int TemporalFilters = 51;

    /// <summary>Kernel length of the mid-end convolutions, in frames.</summary>
    internal const int MidEndKernel = 7;

    /// <summary>Epsilon of every batch norm (TensorFlow's default, 0.001).</summary>
    internal const double BatchNormEpsilon = 1e-3;

    /// <summary>
    /// The front-end branches in musicnn's concatenation order, with the Keras layer names of their convolution and
    /// batch norm in <c>MSD_musicnn.h5</c>.
    /// </summary>
    internal static readonly IReadOnlyList<(string Name, int Filters, int KernelTime, int KernelMel, string KerasConv, string KerasBatchNorm)> FrontEnd =
    [
        ("timbral_7x38", TimbralFilters, 7, 38, "conv2d", "batch_normalization_1"),
        ("timbral_7x67", TimbralFilters, 7, 67, "conv2d_1", "batch_normalization_2"),
        ("temporal_128", TemporalFilters, 128, 1, "conv2d_2", "batch_normalization_3"),
        ("temporal_64", TemporalFilters, 64, 1, "conv2d_3", "batch_normalization_4"),
        ("temporal_32", TemporalFilters, 32, 1, "conv2d_4", "batch_normalization_5"),
    ];
}
