using TorchSharp;

namespace MusicGenre.Torch;

/// <summary>Resolves a <see cref="ComputeDevice"/> choice to a TorchSharp device, once, so the device can be injected.</summary>
public static class TorchDevices
{
    /// <summary>Returns the TorchSharp device for <paramref name="choice"/>.</summary>
    /// <param name="choice">CPU, CUDA, or Auto (CUDA when available, else CPU).</param>
    /// <exception cref="InvalidOperationException">CUDA was asked for but is not available; the message says how to enable it.</exception>
    public static torch.Device Resolve(ComputeDevice choice)
    {
        switch (choice)
        {
            case ComputeDevice.Cpu:
                return torch.CPU;
            case ComputeDevice.Cuda:
                if (!IsCudaAvailable())
                    throw new InvalidOperationException(
                        "Device 'cuda' was requested but CUDA is not available: reference TorchSharp-cuda-linux or " +
                        "TorchSharp-cuda-windows instead of the CPU libtorch package and make sure a CUDA GPU and driver are visible " +
                        "(see docs/gpu.md), or use Device = Cpu / Auto.");
                return torch.CUDA;
            case ComputeDevice.Auto:
                return IsCudaAvailable() ? torch.CUDA : torch.CPU;
            default:
                throw new ArgumentOutOfRangeException(nameof(choice), choice, "Unknown compute device.");
        }
    }

    /// <summary>True when the loaded libtorch back end has CUDA and sees a GPU.</summary>
    public static bool IsCudaAvailable()
    {
        try
        {
            return torch.cuda.is_available();
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or NotSupportedException)
        {
            return false;
        }
    }
}
