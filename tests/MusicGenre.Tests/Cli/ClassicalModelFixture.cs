using MusicGenre.Cli;
using MusicGenre.Tests.TestInfrastructure;

namespace MusicGenre.Tests.Cli;

/// <summary>A small synthetic dataset and a classical model trained on it by <c>musicgenre train</c> (once per test class).</summary>
public sealed class ClassicalModelFixture : IAsyncLifetime
{
    private readonly TempFolder folder = new();

    /// <summary>The dataset (3 genres × 6 clips of 1 s).</summary>
    public string Data { get; private set; } = "";

    /// <summary>The trained model file.</summary>
    public string Model { get; private set; } = "";

    /// <summary>The arguments that train this model again (append --out and --report).</summary>
    public string[] TrainArguments => ["train", "--data", Data, "--model", "classical", "--test-fraction", "0.34", "--valid-fraction", "0", "--no-cache"];

    /// <summary>A clip of the dataset (ordinal order).</summary>
    public string Clip(int index) => Directory.GetFiles(Data, "*.wav", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ElementAt(index);

    public async Task InitializeAsync()
    {
        Data = CliTestData.Write(folder, classes: 3, clips: 6, seconds: 1.0);
        Model = folder.Combine("classical.mgmodel");
        var (code, output) = await CliRunner.Run([.. TrainArguments, "--out", Model, "--report", folder.Combine("report")]);
        if (code != ExitCodes.Ok) throw new InvalidOperationException($"training the fixture's model failed ({code}):\n{output}");
    }

    public Task DisposeAsync()
    {
        folder.Dispose();
        return Task.CompletedTask;
    }
}
