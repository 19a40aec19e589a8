using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MusicGenre.Models.Musicnn;

/// <summary>
/// musicnn with a genre head, as musicnn's own back end continues after the 200-unit layer: ReLU, batch norm
/// (initialised from the checkpoint's <c>bn_dense</c> when given), dropout 0.5, dense to the classes.
/// Input <c>[N, 187, 96]</c> patches; output <c>[N, classes]</c> logits. Not thread-safe.
/// </summary>
public sealed class MusicnnClassifier : Module<Tensor, Tensor>
{
    private readonly MusicnnNetwork backbone;
    private readonly BatchNorm1d embedding_bn;
    private readonly Dropout head_dropout;
    private readonly Linear classifier;

    /// <summary>Creates the classifier around a (pretrained) network, which it owns from now on.</summary>
    /// <param name="backbone">The musicnn network.</param>
    /// <param name="classCount">Number of classes (at least 2).</param>
    /// <param name="weightsPath">The Keras checkpoint to initialise the head's batch norm from (<c>bn_dense</c>); null for a fresh one.</param>
    public MusicnnClassifier(MusicnnNetwork backbone, int classCount, string? weightsPath = null) : base(nameof(MusicnnClassifier))
    {
        ArgumentNullException.ThrowIfNull(backbone);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        this.backbone = backbone;
        ClassCount = classCount;
        embedding_bn = nn.BatchNorm1d(MusicnnArchitecture.EmbeddingSize, eps: MusicnnArchitecture.BatchNormEpsilon);
        head_dropout = nn.Dropout(0.5);
        classifier = nn.Linear(MusicnnArchitecture.EmbeddingSize, classCount);
        RegisterComponents();
        if (weightsPath is not null) MusicnnKerasCheckpoint.LoadEmbeddingBatchNorm(embedding_bn, weightsPath);
    }

    /// <summary>The musicnn network (its output is the embedding).</summary>
    public MusicnnNetwork Backbone => backbone;

    /// <summary>Number of classes.</summary>
    public int ClassCount { get; }

    /// <summary>The head's parameters (batch norm and dense), for their own learning rate.</summary>
    public IEnumerable<Parameter> HeadParameters() => embedding_bn.parameters().Concat(classifier.parameters());

    /// <summary>Puts every batch norm in evaluation mode (running statistics frozen), leaving dropout as it is.</summary>
    public void FreezeBatchNormStatistics()
    {
        foreach (var module in modules())
            if (module is TorchSharp.Modules.BatchNorm1d or TorchSharp.Modules.BatchNorm2d) module.eval();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var embedding = backbone.forward(input);
        var logits = classifier.forward(head_dropout.forward(embedding_bn.forward(nn.functional.relu(embedding))));
        return logits.MoveToOuterDisposeScope();
    }
}
