using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MusicGenre.Models;

/// <summary>
/// The seed model's convolutional front end, shared by the CNN-LSTM and CNN-GRU (<see cref="SeedCnnRecurrentNetwork"/>):
/// Conv2d 1→20 5×5 valid, ReLU, MaxPool 2; Conv2d 20→50 5×5 valid, ReLU, MaxPool 2; Flatten; Dense 20 (linear).
/// Input <c>[B, 1, NMels, Frames]</c>; output <c>[B, 20]</c>. For 64×173: 60×169 → 30×84 → 26×80 → 13×40 → 26,000 → 20.
/// </summary>
internal sealed class SeedConvFrontEnd : nn.Module<Tensor, Tensor>
{
    /// <summary>Width of the dense layer, which becomes the recurrent layer's sequence length.</summary>
    public const int DenseUnits = 20;

    private readonly Conv2d conv1;
    private readonly ReLU relu1;
    private readonly MaxPool2d pool1;
    private readonly Conv2d conv2;
    private readonly ReLU relu2;
    private readonly MaxPool2d pool2;
    private readonly Flatten flatten;
    private readonly Linear dense;

    public SeedConvFrontEnd(int nMels, int frames) : base(nameof(SeedConvFrontEnd))
    {
        conv1 = nn.Conv2d(1, 20, 5);
        relu1 = nn.ReLU();
        pool1 = nn.MaxPool2d(2);
        conv2 = nn.Conv2d(20, 50, 5);
        relu2 = nn.ReLU();
        pool2 = nn.MaxPool2d(2);
        flatten = nn.Flatten();
        dense = nn.Linear(FlattenedSize(nMels, frames), DenseUnits);
        RegisterComponents();
    }

    /// <summary>Size of the flattened feature map: 50 × ((NMels−4)/2−4)/2 × ((Frames−4)/2−4)/2.</summary>
    public static long FlattenedSize(int nMels, int frames) => 50L * Reduce(nMels) * Reduce(frames);

    private static long Reduce(int n) => ((n - 4) / 2 - 4) / 2;

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        // Channels-last memory throughout (see ChannelsLast): the fused first block writes it, or the input is viewed so.
        bool training = torch.is_grad_enabled();
        if (!CpuFastPaths.Enabled) return dense.call(flatten.call(LayersWithoutFastPaths(input, training))).MoveToOuterDisposeScope();
        Tensor x;
        // Pooling before ReLU: the same values (ReLU is monotonic) and the same gradients (the argmax is the same
        // element, and ReLU's gradient there is the one ReLU-then-pool routes), on a quarter of the values.
        if (SingleChannelConvPoolReLU.Applies(input, conv1))
            x = SingleChannelConvPoolReLU.Forward(input, conv1.weight!, conv1.bias!);
        else if (training)
            x = relu1.call(pool1.call(conv1.call(ChannelsLast.Of(input))));
        else
            x = MaxPool2x2(conv1.call(ChannelsLast.Of(input))).relu_();
        // Inference: libtorch's max_pool2d (which also records indices for the backward pass) is slower than the
        // element-wise maximum of the four strided views.
        x = training ? relu2.call(pool2.call(conv2.call(x))) : MaxPool2x2(conv2.call(x)).relu_();
        return dense.call(flatten.call(x)).MoveToOuterDisposeScope();
    }

    /// <summary>The front end as it ran before the CPU fast paths (<see cref="CpuFastPaths"/>), up to the flatten.</summary>
    private Tensor LayersWithoutFastPaths(Tensor input, bool training)
    {
        if (training) return pool2.call(relu2.call(conv2.call(pool1.call(relu1.call(conv1.call(input))))));
        var x = MaxPool2x2(conv1.call(input)).relu_();
        return MaxPool2x2(conv2.call(x)).relu_();
    }

    /// <summary>
    /// 2×2 max pooling with stride 2 (odd last row/column dropped, as <see cref="MaxPool2d"/> does) as the element-wise
    /// maximum of four strided views: bit-identical values, no indices. Inference only (ties would split gradients).
    /// </summary>
    private static Tensor MaxPool2x2(Tensor x)
    {
        long height = x.shape[2] / 2 * 2, width = x.shape[3] / 2 * 2;
        TensorIndex even = TensorIndex.Slice(0, null, 2), odd = TensorIndex.Slice(1, null, 2);
        var cropped = x.narrow(2, 0, height).narrow(3, 0, width);
        var top = torch.maximum(cropped[.., .., even, even], cropped[.., .., even, odd]);
        var bottom = torch.maximum(cropped[.., .., odd, even], cropped[.., .., odd, odd]);
        return torch.maximum(top, bottom);
    }

    public void TraceShapes(Tensor input, List<LayerShape> shapes)
    {
        using var scope = NewDisposeScope();
        var x = input;
        foreach (var (name, layer) in new (string, nn.Module<Tensor, Tensor>)[]
                 { ("conv1", conv1), ("relu1", relu1), ("pool1", pool1), ("conv2", conv2), ("relu2", relu2), ("pool2", pool2), ("flatten", flatten), ("dense", dense) })
        {
            x = layer.call(x);
            shapes.Add(new LayerShape(name, x.shape));
        }
    }
}
