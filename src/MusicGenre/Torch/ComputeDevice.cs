namespace MusicGenre.Torch;

/// <summary>Where a network trains and runs.</summary>
public enum ComputeDevice
{
    /// <summary>The CUDA GPU when the CUDA back end is installed and a GPU is visible, otherwise the CPU.</summary>
    Auto = 0,

    /// <summary>The CPU (always available; deterministic for a given seed).</summary>
    Cpu = 1,

    /// <summary>The first CUDA GPU; fails with a clear error when the CUDA back end or a GPU is missing.</summary>
    Cuda = 2,
}
