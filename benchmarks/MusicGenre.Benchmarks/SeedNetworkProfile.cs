using MusicGenre.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MusicGenre.Benchmarks;

/// <summary>
/// Where the seed CNN-LSTM's training step and inference spend their time: each layer's forward, and forward +
/// backward, on a batch of 32 64×173 windows, with the minimum wall and process CPU time of several repetitions.
/// Threads: 2, or <c>MUSICGENRE_PROFILE_THREADS</c>.
/// <c>dotnet run -c Release --project benchmarks/MusicGenre.Benchmarks -- profile-seed</c>
/// </summary>
public static class SeedNetworkProfile
{
    private const int Batch = 32;
    private const int Repetitions = 6;

    /// <summary>Runs the profile and prints one line per stage.</summary>
    public static void Run()
    {
        torch.set_num_threads(ProfileTimer.Threads);
        torch.manual_seed(1);
        using var network = (SeedCnnRecurrentNetwork)GenreArchitectures.Get(GenreArchitectures.CnnLstm).Create(new GenreNetworkShape(64, 173, 10));
        network.train();
        using var optimizer = torch.optim.Adam(network.parameters(), 1e-3);
        using var input = torch.randn(Batch, 1, 64, 173);
        using var target = torch.randint(0, 10, [Batch]);
        Console.WriteLine($"torch threads {torch.get_num_threads()}, batch {Batch}; min of {Repetitions} wall (median), min process CPU time, page faults of one call");

        void TrainStep()
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(network.call(input), target);
            loss.backward();
            optimizer.step();
            loss.item<float>();
        }
        void Inference()
        {
            using var noGrad = torch.no_grad();
            using var scope = torch.NewDisposeScope();
            network.call(input);
        }
        Time("train step (zero_grad, forward, loss, backward, Adam)", TrainStep);
        Time("inference forward, 32 windows (no_grad)", Inference);
        CpuFastPaths.Enabled = false;
        Time("train step, CPU fast paths off (the layers as before)", TrainStep);
        Time("inference, CPU fast paths off", Inference);
        CpuFastPaths.Enabled = true;
        Time("forward + loss (gradients on)", () =>
        {
            using var scope = torch.NewDisposeScope();
            nn.functional.cross_entropy(network.call(input), target).item<float>();
        });
        Time("forward + loss + backward", () =>
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            nn.functional.cross_entropy(network.call(input), target).backward();
        });
        Time("Adam step", () => optimizer.step());

        var layers = network.named_modules().ToDictionary(m => m.name, m => m.module);
        var conv1 = (Conv2d)layers["front.conv1"];
        var conv2 = (Conv2d)layers["front.conv2"];
        var dense = (Linear)layers["front.dense"];
        var lstm = (LSTM)layers["lstm"];
        // Stage inputs as the network sees them: channels-last maps (see SeedConvFrontEnd).
        using var x1 = ChannelsLast(torch.randn(Batch, 1, 64, 173));
        using var x2 = ChannelsLast(torch.randn(Batch, 20, 30, 84)).requires_grad_();
        using var c1 = ChannelsLast(torch.randn(Batch, 20, 60, 169)).requires_grad_();
        using var c2 = ChannelsLast(torch.randn(Batch, 50, 26, 80)).requires_grad_();
        using var x4 = torch.randn(Batch, 20, 1).requires_grad_();
        using var raw = torch.randn(Batch, 1, 64, 173);
        if (SingleChannelConvPoolReLU.Applies(raw, conv1))
            Stage("conv1 + max_pool2d 2 + relu, fused (AVX-512)", () => SingleChannelConvPoolReLU.Forward(raw, conv1.weight!, conv1.bias!));
        Stage("conv1 1→20 5×5", () => conv1.call(x1));
        Stage("max_pool2d 2 + relu after conv1", () => nn.functional.relu(nn.functional.max_pool2d(c1, 2)));
        Stage("conv2 20→50 5×5", () => conv2.call(x2));
        Stage("max_pool2d 2 + relu after conv2", () => nn.functional.relu(nn.functional.max_pool2d(c2, 2)));
        Stage("flatten (NCHW order) + dense 26,000→20", () => dense.call(c2.narrow(2, 0, 13).narrow(3, 0, 40).flatten(1)));
        Stage("LSTM 512, 20 steps", () => lstm.call(x4).Item1);
    }

    private static Tensor ChannelsLast(Tensor x) => x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);

    private static void Stage(string name, Func<Tensor> forward)
    {
        Time(name + ": forward", () =>
        {
            using var scope = torch.NewDisposeScope();
            forward();
        });
        Time(name + ": forward + backward", () =>
        {
            using var scope = torch.NewDisposeScope();
            forward().sum().backward();
        });
    }

    private static void Time(string name, Action body) => ProfileTimer.Time(name, body, Repetitions);
}
