using BenchmarkDotNet.Attributes;
using MusicGenre.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace MusicGenre.Benchmarks;

/// <summary>
/// One Adam training step (forward, cross-entropy, backward, update) of the seed networks on a batch of 32
/// 64×173 windows, on the CPU with 2 torch threads. Target for the CNN-LSTM: ≤ 250 ms.
/// <c>dotnet run -c Release --project benchmarks/MusicGenre.Benchmarks -- --filter '*TrainingBenchmarks*'</c>
/// </summary>
[MemoryDiagnoser]
public class TrainingBenchmarks
{
    /// <summary>
    /// MusicGenre's CPU fast paths on (the product) or off (the TorchSharp layers as they ran before them), in the
    /// same run.
    /// </summary>
    [Params(true, false)]
    public bool FastPaths { get; set; } = true;

    private nn.Module<Tensor, Tensor> network = null!;
    private optim.Optimizer optimizer = null!;
    private Tensor input = null!;
    private Tensor target = null!;

    /// <summary>The architecture under test.</summary>
    [Params(GenreArchitectures.CnnLstm, GenreArchitectures.CnnGru, GenreArchitectures.Crnn)]
    public string Architecture { get; set; } = GenreArchitectures.CnnLstm;

    /// <summary>Builds the network, optimizer and a random batch.</summary>
    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(2);
        CpuFastPaths.Enabled = FastPaths;
        torch.manual_seed(1);
        network = GenreArchitectures.Get(Architecture).Create(new GenreNetworkShape(64, 173, 10));
        network.train();
        optimizer = torch.optim.Adam(network.parameters(), 1e-3);
        input = torch.randn(32, 1, 64, 173);
        target = torch.randint(0, 10, new long[] { 32 });
    }

    /// <summary>One training step on a batch of 32 windows.</summary>
    [Benchmark]
    public float TrainStepBatch32()
    {
        using var scope = torch.NewDisposeScope();
        optimizer.zero_grad();
        var loss = nn.functional.cross_entropy(network.call(input), target);
        loss.backward();
        optimizer.step();
        return loss.item<float>();
    }

    /// <summary>Frees native memory.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        optimizer.Dispose();
        network.Dispose();
        input.Dispose();
        target.Dispose();
        CpuFastPaths.Enabled = true;
    }
}
