using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using MusicGenre.Models;
using MusicGenre.Torch;
using MusicGenre.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MusicGenre.MLNet.Persistence;

/// <summary>
/// The binary form of one trained genre network, stored as an entry of the model zip:
/// <c>"MGNETWRK"</c>, format version (int32 LE), header length (int32 LE), UTF-8 JSON header (architecture and
/// options, label names, standardisation statistics, tensor names/types/shapes), raw little-endian tensor data in
/// header order, then a SHA-256 of everything before it. Reading checks every length against the bytes present
/// before allocating, verifies the checksum, and builds the network only through <see cref="GenreArchitectures"/>.
/// </summary>
internal static class GenreNetworkSerializer
{
    public const int FormatVersion = 1;
    private static readonly byte[] Magic = "MGNETWRK"u8.ToArray();
    private const int HashLength = 32;
    private const long MaxTensorElements = 1L << 28;

    internal sealed class TensorInfo
    {
        public string Name { get; set; } = "";
        public string Type { get; set; } = "";
        public long[] Shape { get; set; } = [];
    }

    internal sealed class Header
    {
        public string Architecture { get; set; } = "";
        public int NMels { get; set; }
        public int WindowFrames { get; set; }
        public int Classes { get; set; }
        public string[] Labels { get; set; } = [];
        public string FeatureColumnName { get; set; } = "";
        public int PredictionHopFrames { get; set; }
        public string ShortTracks { get; set; } = "";
        public int SampleRate { get; set; }
        public int HopLength { get; set; }
        public float[] Mean { get; set; } = [];
        public float[] Std { get; set; } = [];
        public long ParameterCount { get; set; }
        public TensorInfo[] Tensors { get; set; } = [];
    }

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = false, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static byte[] Write(GenreNetworkTransformer transformer)
    {
        var model = transformer.Model;
        var state = model.Network.state_dict();
        var header = new Header
        {
            Architecture = model.Architecture,
            NMels = model.Shape.NMels,
            WindowFrames = model.Shape.WindowFrames,
            Classes = model.Shape.Classes,
            Labels = model.Labels.ToArray(),
            FeatureColumnName = transformer.FeatureColumnName,
            PredictionHopFrames = model.PredictionHopFrames,
            ShortTracks = model.ShortTracks.ToString(),
            SampleRate = model.SampleRate,
            HopLength = model.HopLength,
            Mean = model.Standardizer.Mean,
            Std = model.Standardizer.Std.ToArray(),
            ParameterCount = model.ParameterCount,
            Tensors = state.Select(p => new TensorInfo { Name = p.Key, Type = TypeName(p.Value.dtype), Shape = p.Value.shape }).ToArray(),
        };
        using var output = new MemoryStream();
        output.Write(Magic);
        var headerBytes = JsonSerializer.SerializeToUtf8Bytes(header, Json);
        Span<byte> int32 = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(int32, FormatVersion);
        output.Write(int32);
        BinaryPrimitives.WriteInt32LittleEndian(int32, headerBytes.Length);
        output.Write(int32);
        output.Write(headerBytes);
        foreach (var (_, tensor) in state)
        {
            using var cpu = tensor.detach().cpu().contiguous();
            output.Write(cpu.bytes);
        }
        output.Write(SHA256.HashData(output.GetBuffer().AsSpan(0, (int)output.Length)));
        return output.ToArray();
    }

    public static (GenreNetworkModel Model, string FeatureColumnName) Read(ReadOnlySpan<byte> data, string source, ComputeDevice deviceChoice)
    {
        if (data.Length < Magic.Length + 8 + HashLength || !data[..Magic.Length].SequenceEqual(Magic))
            throw new GenreModelFormatException(source, "its network entry does not start with the MusicGenre network signature.");
        var body = data[..^HashLength];
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(data[^HashLength..]))
            throw new GenreModelFormatException(source, "the network's checksum does not match: the file is corrupted or was modified.");
        int version = BinaryPrimitives.ReadInt32LittleEndian(body[Magic.Length..]);
        if (version != FormatVersion)
            throw new GenreModelFormatException(source, $"the network format version is {version}; this MusicGenre reads version {FormatVersion}. Use the MusicGenre version that saved it, or retrain.");
        int headerLength = BinaryPrimitives.ReadInt32LittleEndian(body[(Magic.Length + 4)..]);
        int offset = Magic.Length + 8;
        if (headerLength <= 0 || headerLength > body.Length - offset)
            throw new GenreModelFormatException(source, $"the network header claims {headerLength} bytes but {body.Length - offset} remain.");
        Header header;
        try
        {
            header = JsonSerializer.Deserialize<Header>(body.Slice(offset, headerLength), Json)
                ?? throw new JsonException("empty header");
        }
        catch (JsonException e)
        {
            throw new GenreModelFormatException(source, "the network header is not valid: " + e.Message, e);
        }
        offset += headerLength;
        var problems = Check(header);
        if (problems.Count > 0) throw new GenreModelFormatException(source, string.Join(" ", problems));

        var architecture = GenreArchitectures.Get(header.Architecture);
        var shape = new GenreNetworkShape(header.NMels, header.WindowFrames, header.Classes);
        var device = TorchDevices.Resolve(deviceChoice);
        var network = architecture.Create(shape);
        try
        {
            var state = network.state_dict();
            var expected = state.Select(p => (p.Key, TypeName(p.Value.dtype), string.Join(",", p.Value.shape))).ToArray();
            var stored = header.Tensors.Select(t => (t.Name, t.Type, string.Join(",", t.Shape))).ToArray();
            if (!expected.SequenceEqual(stored))
                throw new GenreModelFormatException(source, $"its tensors do not match the '{architecture.Name}' architecture built for {shape}.");
            using (torch.no_grad())
            {
                foreach (var info in header.Tensors)
                {
                    var tensor = state[info.Name];
                    long bytes = tensor.numel() * tensor.ElementSize;
                    if (bytes > body.Length - offset)
                        throw new GenreModelFormatException(source, $"tensor '{info.Name}' needs {bytes} bytes but {body.Length - offset} remain (truncated).");
                    var slice = body.Slice(offset, (int)bytes);
                    using var loaded = LoadTensor(slice, tensor);
                    tensor.copy_(loaded);
                    offset += (int)bytes;
                }
            }
            if (offset != body.Length)
                throw new GenreModelFormatException(source, $"{body.Length - offset} unexpected bytes follow the weights.");
            network.to(device);
            var standardizer = new FeatureStandardizer(header.Mean, header.Std);
            var model = new GenreNetworkModel(architecture.Name, shape, header.Labels, standardizer, header.PredictionHopFrames,
                Enum.Parse<ShortTrackHandling>(header.ShortTracks), header.SampleRate, header.HopLength, network, device);
            return (model, header.FeatureColumnName);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    private static List<string> Check(Header h)
    {
        var problems = new List<string>();
        if (!GenreArchitectures.TryGet(h.Architecture, out var architecture))
            problems.Add($"it names the unknown architecture '{h.Architecture}' (known: {string.Join(", ", GenreArchitectures.Names)}).");
        else
            problems.AddRange(architecture.ValidateShape(new GenreNetworkShape(h.NMels, h.WindowFrames, h.Classes)));
        if (h.Labels is null || h.Labels.Length != h.Classes) problems.Add($"it holds {h.Labels?.Length ?? 0} label names for {h.Classes} classes.");
        if (h.Mean is null || h.Std is null || h.Mean.Length != h.NMels || h.Std.Length != h.NMels) problems.Add("its standardisation statistics do not match NMels.");
        else if (h.Mean.Any(v => !float.IsFinite(v)) || h.Std.Any(v => !float.IsFinite(v) || v <= 0)) problems.Add("its standardisation statistics are not finite and positive.");
        if (string.IsNullOrEmpty(h.FeatureColumnName)) problems.Add("it names no feature column.");
        if (h.PredictionHopFrames < 1 || h.SampleRate < 1 || h.HopLength < 1) problems.Add("its hop or sample rate is not positive.");
        if (!Enum.TryParse<ShortTrackHandling>(h.ShortTracks, out var policy) || !Enum.IsDefined(policy)) problems.Add($"its short-track policy '{h.ShortTracks}' is unknown.");
        if (h.Tensors is null || h.Tensors.Any(t => t is null || t.Shape is null || t.Shape.Any(d => d < 0) || t.Shape.Aggregate(1L, (a, d) => a * Math.Max(1, d)) > MaxTensorElements))
            problems.Add("its tensor list is invalid.");
        return problems;
    }

    private static Tensor LoadTensor(ReadOnlySpan<byte> bytes, Tensor like)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Model files are little-endian; big-endian hosts are not supported.");
        var result = torch.empty(like.shape, like.dtype);
        result.bytes = bytes.ToArray();
        return result;
    }

    private static string TypeName(ScalarType type) => type switch
    {
        ScalarType.Float32 => "float32",
        ScalarType.Int64 => "int64",
        ScalarType.Float64 => "float64",
        ScalarType.Int32 => "int32",
        _ => throw new NotSupportedException($"Tensors of type {type} cannot be saved."),
    };
}
