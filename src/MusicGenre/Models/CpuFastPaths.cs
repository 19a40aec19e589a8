namespace MusicGenre.Models;

/// <summary>
/// The networks' CPU fast paths: channels-last layouts (<see cref="ChannelsLast"/>: seed front end, CRNN), the seed
/// networks' fused first block (<see cref="SingleChannelConvPoolReLU"/>) and musicnn's AVX-512 inference
/// (<see cref="Musicnn.MusicnnInference"/>).
/// On by default. Benchmarks turn them off to time the TorchSharp layers as they ran before them, in the same
/// process; tests to compare both. Process-wide: not for use while networks run on other threads.
/// </summary>
internal static class CpuFastPaths
{
    /// <summary>Whether the fast paths are used where they apply.</summary>
    public static bool Enabled { get; set; } = true;
}
