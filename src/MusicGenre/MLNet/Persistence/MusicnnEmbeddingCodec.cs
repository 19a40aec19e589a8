using MusicGenre.Features;
using MusicGenre.Models.Musicnn;

namespace MusicGenre.MLNet.Persistence;

/// <summary>
/// <c>MusicnnEmbedding</c>: columns, pooling, patch options and the network's weights (pretrained or fine-tuned) as
/// the entry <c>musicnn.bin</c>, so a saved model needs no weights file of its own.
/// </summary>
internal sealed class MusicnnEmbeddingCodec : StepCodec<MusicnnEmbeddingTransformer, MusicnnEmbeddingCodec.Stored>
{
    private const string WeightsEntry = "musicnn.bin";

    public override string Kind => "MusicnnEmbedding";

    internal sealed class Stored
    {
        public string Output { get; set; } = "";
        public string Input { get; set; } = "";
        public string Pooling { get; set; } = "";
        public int PatchHop { get; set; }
        public int? MaxPatches { get; set; }
        public int BatchSize { get; set; }
        public bool FineTuned { get; set; }
        public StoredTensor[] Tensors { get; set; } = [];
    }

    protected override (Stored Options, IReadOnlyList<(string Name, byte[] Content)> Entries) Write(MusicnnEmbeddingTransformer step)
    {
        var embedder = step.Embedder;
        var (tensors, content) = TensorEntry.Write(embedder.Network);
        return (new Stored
        {
            Output = step.OutputColumnName,
            Input = step.InputColumnName,
            Pooling = step.Pooling.ToString(),
            PatchHop = embedder.FeatureOptions.PatchHop,
            MaxPatches = embedder.FeatureOptions.MaxPatches,
            BatchSize = embedder.BatchSize,
            FineTuned = embedder.IsFineTuned,
            Tensors = tensors,
        }, [(WeightsEntry, content)]);
    }

    protected override void Check(Stored o, BoundsCheck problems)
    {
        problems.Name(o.Output, "output");
        problems.Name(o.Input, "input");
        problems.Enum<MusicnnPooling>(o.Pooling, "pooling", out _);
        problems.Int(o.PatchHop, "patchHop", 1, 100_000);
        problems.Int(o.MaxPatches, "maxPatches", 1, 1_000_000);
        problems.Int(o.BatchSize, "batchSize", 1, 1_024);
    }

    protected override void CheckEntries(Stored o, StepReader reader, BoundsCheck problems)
        => TensorEntry.Check(o.Tensors, reader.Entry(WeightsEntry).Length, problems);

    protected override MusicnnEmbeddingTransformer Read(Stored o, StepReader reader)
    {
        var weights = reader.Entry(WeightsEntry);
        var network = new MusicnnNetwork();
        try
        {
            TensorEntry.Load(network, o.Tensors, weights, reader);
            var features = new MusicnnFeaturesOptions { PatchHop = o.PatchHop, MaxPatches = o.MaxPatches };
            var embedder = new MusicnnEmbedder(network, features, o.BatchSize) { IsFineTuned = o.FineTuned };
            return new MusicnnEmbeddingTransformer(embedder, Enum.Parse<MusicnnPooling>(o.Pooling), o.Output, o.Input);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    protected override string Describe(Stored o)
        => $"'{o.Input}' → '{o.Output}': {(o.FineTuned ? "fine-tuned" : "pretrained MSD")} musicnn, {TensorEntry.Parameters(o.Tensors):N0} parameters, " +
           $"3 s patches every {o.PatchHop} frames{(o.MaxPatches is { } m ? $", at most {m} per track" : "")}, pooling {o.Pooling.ToLowerInvariant()}";
}
