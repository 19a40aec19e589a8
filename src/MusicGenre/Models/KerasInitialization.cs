using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MusicGenre.Models;

/// <summary>
/// Keras's default initialisers, so the seed networks start where the seed's Keras models did: Glorot-uniform
/// kernels and zero biases for Conv2d/Dense; for LSTM/GRU, Glorot-uniform input kernels and orthogonal recurrent
/// kernels per gate, zero biases, and (LSTM) a forget-gate bias of 1 (Keras <c>unit_forget_bias=True</c>).
/// Uses torch's global generator: seed it first.
/// </summary>
internal static class KerasInitialization
{
    /// <summary>Re-initialises every Conv2d, Linear, LSTM and GRU inside <paramref name="module"/>.</summary>
    public static void Apply(nn.Module module)
    {
        using var noGrad = torch.no_grad();
        foreach (var (_, child) in module.named_modules())
        {
            switch (child)
            {
                case Conv2d conv:
                    nn.init.xavier_uniform_(conv.weight!);
                    conv.bias?.zero_();
                    break;
                case Linear linear:
                    nn.init.xavier_uniform_(linear.weight!);
                    linear.bias?.zero_();
                    break;
                case LSTM lstm:
                    InitializeRecurrent(lstm, gates: 4, forgetGate: 1);
                    break;
                case GRU gru:
                    InitializeRecurrent(gru, gates: 3, forgetGate: null);
                    break;
            }
        }
    }

    private static void InitializeRecurrent(nn.Module recurrent, int gates, int? forgetGate)
    {
        foreach (var (name, parameter) in recurrent.named_parameters())
        {
            long hidden = parameter.shape[0] / gates;
            if (name.StartsWith("weight_ih", StringComparison.Ordinal))
                for (int g = 0; g < gates; g++) nn.init.xavier_uniform_(parameter[TensorIndex.Slice(g * hidden, (g + 1) * hidden)]);
            else if (name.StartsWith("weight_hh", StringComparison.Ordinal))
                for (int g = 0; g < gates; g++) nn.init.orthogonal_(parameter[TensorIndex.Slice(g * hidden, (g + 1) * hidden)]);
            else if (name.StartsWith("bias_ih", StringComparison.Ordinal))
            {
                parameter.zero_();
                if (forgetGate is int f) parameter[TensorIndex.Slice(f * hidden, (f + 1) * hidden)].fill_(1);
            }
            else if (name.StartsWith("bias_hh", StringComparison.Ordinal))
                parameter.zero_();
        }
    }
}
