using static TorchSharp.torch;

namespace MusicGenre.Models;

/// <summary>
/// Channels-last (NHWC) memory for the CPU convolutions: libtorch's oneDNN kernels then read and write it directly
/// instead of converting every map to and from their 16-channel blocked layout, and pooling and batch norm take
/// their vectorised channels-last kernels. The logical <c>[B, C, H, W]</c> tensor is unchanged, so flatten, mean
/// and indexing mean what they did; layers after a channels-last input keep producing channels-last outputs.
/// </summary>
internal static class ChannelsLast
{
    /// <summary>
    /// The same tensor with channels-last strides. A <c>[B, 1, H, W]</c> map's memory already is channels-last: only
    /// its strides say otherwise, so it is a view; others are copied.
    /// </summary>
    public static Tensor Of(Tensor x)
    {
        if (x.shape[1] == 1 && x.is_contiguous())
            return x.as_strided(x.shape, [x.shape[2] * x.shape[3], 1, x.shape[3], 1]);
        return x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);
    }
}
