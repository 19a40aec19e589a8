using TorchSharp;

namespace MusicGenre.Tests.Torch;

/// <summary>Guards the build fix that lets TorchSharp's native bridge load on glibc without GLIBCXX_3.4.32.</summary>
public class TorchNativeLoadTests
{
    [Fact]
    public void NativeBackendLoadsAndComputes()
    {
        using var t = torch.ones(2, 3);
        using var s = t.sum();
        Assert.Equal(6.0f, s.item<float>());
    }
}
