using MusicGenre.Models.Musicnn;
using TorchSharp;
using static TorchSharp.torch;

namespace MusicGenre.Benchmarks;

/// <summary>
/// Where musicnn's forward pass spends its time: each stage of the network on a batch of 10 real patches, 2 torch
/// threads, no_grad, the minimum wall time of several repetitions, with the stage's FLOP count and the rate it reaches.
/// <c>dotnet run -c Release --project benchmarks/MusicGenre.Benchmarks -- profile-musicnn</c>
/// </summary>
public static class MusicnnLayerProfile
{
    private const int Patches = 10;
    private const int Repetitions = 8;

    /// <summary>Runs the profile and prints one line per stage.</summary>
    public static void Run()
    {
        torch.set_num_threads(ProfileTimer.Threads);
        using var network = MusicnnWeights.LoadNetwork(Path.Combine(BenchmarkData.SharedRoot, "models", "musicnn", "MSD_musicnn.h5"));
        network.eval();
        var samples = Audio.AudioFile.Load(BenchmarkData.Path30sWav, new Audio.AudioLoadOptions { SampleRate = Features.MusicnnFeatures.SampleRate }).Samples;
        var patches = new Features.MusicnnFeatures().ComputePatches(samples);
        using var noGrad = torch.no_grad();
        using var input = torch.tensor(patches, [Patches, MusicnnArchitecture.PatchFrames, MusicnnArchitecture.MelBands]);
        Console.WriteLine($"torch threads {torch.get_num_threads()}, batch {Patches}; min of {Repetitions} wall times (median in brackets), min process CPU time");

        Time("whole network", 2.80e9 * Patches, () => network.forward(input));
        if (MusicnnInference.IsSupported)
        {
            Tensor LayerByLayer()
            {
                using var grad = torch.enable_grad();
                return network.forward(input).detach();
            }
            using (var fast = network.forward(input))
            using (var layers = LayerByLayer())
                Console.WriteLine($"AVX-512 path vs layer by layer: max |difference| {(fast - layers).abs().max().item<float>():E2}");
            Time("whole network, TorchSharp layers", 2.80e9 * Patches, LayerByLayer);
            Time("front and mid end + pooling, AVX-512 kernels", 2.80e9 * Patches, () => MusicnnInference.Pool(network, input));
        }
        using var x = network.InputBatchNorm.forward(input.unsqueeze(1));
        Time("input batch norm", 0, () => network.InputBatchNorm.forward(input.unsqueeze(1)));
        var branches = new List<Tensor>();
        foreach (var block in network.FrontEnd)
        {
            long t = MusicnnArchitecture.PatchFrames, f = MusicnnArchitecture.MelBands - block.KernelMel + 1;
            double flop = 2.0 * Patches * t * f * block.Filters * block.KernelTime * block.KernelMel;
            var (before, after) = ((block.KernelTime - 1) / 2, block.KernelTime - 1 - (block.KernelTime - 1) / 2);
            using var padded = nn.functional.pad(x, [0, 0, before, after]);
            using var convolved = block.Conv.forward(padded);
            using var activated = nn.functional.relu(convolved);
            using var normalised = block.BatchNorm.forward(activated);
            Time($"{block.GetName()} pad", 0, () => nn.functional.pad(x, [0, 0, before, after]));
            Time($"{block.GetName()} conv {string.Join("x", convolved.shape)}", flop, () => block.Conv.forward(padded));
            Time($"{block.GetName()} relu", 0, () => nn.functional.relu(convolved));
            Time($"{block.GetName()} batch norm", 0, () => block.BatchNorm.forward(activated));
            Time($"{block.GetName()} max over mel", 0, () => normalised.amax(new long[] { 3 }));
            Time($"{block.GetName()} whole block", flop, () => block.forward(x));
            branches.Add(block.forward(x));
        }
        using var frontEnd = torch.cat(branches.ToArray(), 1);
        Time("concatenate front end", 0, () => torch.cat(branches.ToArray(), 1));
        foreach (var b in branches) b.Dispose();
        Time("mid end", 2.0 * Patches * 187 * 64 * 7 * (561 + 64 + 64), () => network.MidEnd.forward(frontEnd));
    }

    private static void Time(string name, double flop, Func<Tensor> body) => ProfileTimer.Time(name, () => body().Dispose(), Repetitions, flop);
}
