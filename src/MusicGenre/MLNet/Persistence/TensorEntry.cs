using TorchSharp;
using static TorchSharp.torch;

namespace MusicGenre.MLNet.Persistence;

/// <summary>One tensor of a network's state, as a step's options list it (the data is in the step's binary entry).</summary>
internal sealed class StoredTensor
{
    public string Name { get; set; } = "";
    public string Type { get; set; } = "";
    public long[] Shape { get; set; } = [];
}

/// <summary>
/// A network's weights as one entry: every tensor of its state dict, in order, as raw little-endian bytes, with the
/// names, types and shapes in the step's options. Reading checks the list against the bytes present before the
/// network is built, and against the freshly built network before anything is copied, so a damaged or crafted file
/// can neither make libtorch allocate what the file does not hold nor load weights into the wrong layers.
/// </summary>
internal static class TensorEntry
{
    /// <summary>Most tensors a network may list.</summary>
    public const int MaxTensors = 4096;

    /// <summary>Most elements of one tensor (2^28: 1 GiB of float32).</summary>
    public const long MaxElements = 1L << 28;

    public static (StoredTensor[] Tensors, byte[] Content) Write(nn.Module module)
    {
        var state = module.state_dict();
        var tensors = state.Select(p => new StoredTensor { Name = p.Key, Type = TypeName(p.Value.dtype), Shape = p.Value.shape }).ToArray();
        using var output = new MemoryStream();
        foreach (var (_, tensor) in state)
        {
            using var cpu = tensor.detach().cpu().contiguous();
            output.Write(cpu.bytes);
        }
        return (tensors, output.ToArray());
    }

    /// <summary>Checks the list's names, types and shapes (bounds only) and that its sizes add up to <paramref name="contentLength"/> bytes.</summary>
    public static void Check(StoredTensor[]? tensors, long contentLength, BoundsCheck problems)
    {
        problems.Count(tensors, "tensors", 1, MaxTensors);
        if (tensors is null || tensors.Length > MaxTensors) return;
        long total = 0;
        foreach (var t in tensors)
        {
            if (t is null || t.Shape is null || t.Shape.Length > 8 || string.IsNullOrEmpty(t.Name) || t.Name.Length > BoundsCheck.MaxNameLength)
            {
                problems.Problems.Add("a tensor entry is malformed.");
                return;
            }
            if (ElementSize(t.Type) is not { } size)
            {
                problems.Problems.Add($"tensor '{t.Name}' has the unknown type '{t.Type}'.");
                return;
            }
            long elements = 1;
            foreach (var d in t.Shape)
            {
                if (d < 0 || d > MaxElements || (elements *= Math.Max(1, d)) > MaxElements)
                {
                    problems.Problems.Add($"tensor '{t.Name}' has the impossible shape [{string.Join(", ", t.Shape)}].");
                    return;
                }
            }
            if (t.Shape.Contains(0)) elements = 0;
            total += elements * size;
        }
        if (total != contentLength) problems.Problems.Add($"its tensors need {total} bytes but its weights entry holds {contentLength}.");
    }

    /// <summary>Copies the weights into <paramref name="module"/>, whose state must match the list exactly (names, types, shapes, order).</summary>
    public static void Load(nn.Module module, StoredTensor[] tensors, ReadOnlySpan<byte> content, StepReader reader)
    {
        if (!BitConverter.IsLittleEndian) throw reader.Fail("model files are little-endian; big-endian hosts are not supported.");
        var state = module.state_dict();
        var expected = state.Select(p => (p.Key, TypeName(p.Value.dtype), string.Join(",", p.Value.shape))).ToArray();
        var stored = tensors.Select(t => (t.Name, t.Type, string.Join(",", t.Shape))).ToArray();
        if (!expected.SequenceEqual(stored))
        {
            var first = expected.Zip(stored).Select((pair, i) => (pair, i)).FirstOrDefault(x => x.pair.First != x.pair.Second);
            var where = expected.Length != stored.Length ? $"{stored.Length} tensors stored, {expected.Length} expected"
                : $"tensor {first.i} is '{first.pair.Second.Item1}' [{first.pair.Second.Item3}], expected '{first.pair.First.Key}' [{first.pair.First.Item3}]";
            throw reader.Fail($"its weights do not match the network its options describe ({where}).");
        }
        int offset = 0;
        using (torch.no_grad())
        {
            foreach (var info in tensors)
            {
                var tensor = state[info.Name];
                int bytes = checked((int)(tensor.numel() * tensor.ElementSize));
                using var loaded = torch.empty(tensor.shape, tensor.dtype);
                loaded.bytes = content.Slice(offset, bytes).ToArray();
                tensor.copy_(loaded);
                offset += bytes;
            }
        }
    }

    /// <summary>Number of parameters the list describes (for descriptions).</summary>
    public static long Parameters(StoredTensor[] tensors)
        => tensors.Where(t => t.Type == "float32" && !t.Name.Contains("running_", StringComparison.Ordinal)).Sum(t => t.Shape.Aggregate(1L, (a, d) => a * d));

    private static string TypeName(ScalarType type) => type switch
    {
        ScalarType.Float32 => "float32",
        ScalarType.Int64 => "int64",
        ScalarType.Float64 => "float64",
        ScalarType.Int32 => "int32",
        _ => throw new NotSupportedException($"Tensors of type {type} cannot be saved."),
    };

    private static int? ElementSize(string? type) => type switch
    {
        "float32" or "int32" => 4,
        "int64" or "float64" => 8,
        _ => null,
    };
}
