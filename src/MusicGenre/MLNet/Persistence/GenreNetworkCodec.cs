using MusicGenre.Features;
using MusicGenre.Models;
using TorchSharp;
using MusicGenre.Torch;
using MusicGenre.Training;

namespace MusicGenre.MLNet.Persistence;

/// <summary>
/// <c>GenreNetwork</c>: the architecture and its input shape, label names, feature column, prediction windowing,
/// timeline rate, standardisation statistics, and the weights as the entry <c>network.bin</c>. The network is built
/// only through <see cref="GenreArchitectures"/>, never from a type named in the file.
/// </summary>
internal sealed class GenreNetworkCodec : StepCodec<GenreNetworkTransformer, GenreNetworkCodec.Stored>
{
    public const string StepKind = "GenreNetwork";
    private const string WeightsEntry = "network.bin";
    private const int MaxWindowFrames = 4_096;
    private const int MaxClasses = 1_000;

    public override string Kind => StepKind;

    internal sealed class Stored
    {
        public string Architecture { get; set; } = "";
        public string FeatureColumn { get; set; } = "";
        public int NMels { get; set; }
        public int WindowFrames { get; set; }
        public int PredictionHopFrames { get; set; }
        public string ShortTracks { get; set; } = "";
        public int SampleRate { get; set; }
        public int HopLength { get; set; }
        public List<string> Labels { get; set; } = [];
        public float[] Mean { get; set; } = [];
        public float[] Std { get; set; } = [];
        public StoredTensor[] Tensors { get; set; } = [];
    }

    protected override (Stored Options, IReadOnlyList<(string Name, byte[] Content)> Entries) Write(GenreNetworkTransformer step)
    {
        var model = step.Model;
        var (tensors, content) = TensorEntry.Write(model.Network);
        return (new Stored
        {
            Architecture = model.Architecture,
            FeatureColumn = step.FeatureColumnName,
            NMels = model.Shape.NMels,
            WindowFrames = model.Shape.WindowFrames,
            PredictionHopFrames = model.PredictionHopFrames,
            ShortTracks = model.ShortTracks.ToString(),
            SampleRate = model.SampleRate,
            HopLength = model.HopLength,
            Labels = [.. model.Labels],
            Mean = model.Standardizer.Mean,
            Std = [.. model.Standardizer.Std],
            Tensors = tensors,
        }, [(WeightsEntry, content)]);
    }

    protected override void Check(Stored o, BoundsCheck problems)
    {
        problems.That(GenreArchitectures.TryGet(o.Architecture, out _), $"architecture '{o.Architecture}' is not registered (known: {string.Join(", ", GenreArchitectures.Names)}).");
        problems.Name(o.FeatureColumn, "featureColumn");
        problems.Int(o.NMels, "nMels", 1, 512);
        problems.Int(o.WindowFrames, "windowFrames", 1, MaxWindowFrames);
        problems.Int(o.PredictionHopFrames, "predictionHopFrames", 1, MaxWindowFrames);
        problems.Enum<ShortTrackHandling>(o.ShortTracks, "shortTracks", out _);
        problems.Int(o.SampleRate, "sampleRate", ModelBounds.MinSampleRate, ModelBounds.MaxSampleRate);
        problems.Int(o.HopLength, "hopLength", 1, ModelBounds.MaxHopLength);
        problems.Count(o.Labels, "labels", 2, MaxClasses);
        if (o.Labels is not null)
        {
            foreach (var label in o.Labels.Take(MaxClasses)) problems.Name(label, "a label");
            problems.That(o.Labels.Distinct(StringComparer.Ordinal).Count() == o.Labels.Count, "labels are not distinct.");
        }
        problems.That(o.Mean is not null && o.Std is not null && o.Mean.Length == o.NMels && o.Std.Length == o.NMels,
            "the standardisation statistics do not have one value per mel band.");
        if (o.Mean is not null && o.Std is not null)
            problems.That(o.Mean.All(float.IsFinite) && o.Std.All(v => float.IsFinite(v) && v > 0), "the standardisation statistics are not finite and positive.");
        if (problems.Problems.Count == 0 && GenreArchitectures.TryGet(o.Architecture, out var architecture))
            problems.Problems.AddRange(architecture.ValidateShape(new GenreNetworkShape(o.NMels, o.WindowFrames, o.Labels!.Count)));
    }

    protected override void CheckEntries(Stored o, StepReader reader, BoundsCheck problems)
        => TensorEntry.Check(o.Tensors, reader.Entry(WeightsEntry).Length, problems);

    protected override GenreNetworkTransformer Read(Stored o, StepReader reader)
    {
        var weights = reader.Entry(WeightsEntry);
        var architecture = GenreArchitectures.Get(o.Architecture);
        var shape = new GenreNetworkShape(o.NMels, o.WindowFrames, o.Labels.Count);
        var network = architecture.Create(shape);
        try
        {
            TensorEntry.Load(network, o.Tensors, weights, reader);
            var device = TorchDevices.Resolve(reader.Device);
            network.to(device);
            var model = new GenreNetworkModel(architecture.Name, shape, o.Labels, new FeatureStandardizer(o.Mean, o.Std), o.PredictionHopFrames,
                Enum.Parse<ShortTrackHandling>(o.ShortTracks), o.SampleRate, o.HopLength, network, device);
            return new GenreNetworkTransformer(model, o.FeatureColumn, []);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    protected override string Describe(Stored o)
        => $"'{o.FeatureColumn}' → Score, PredictedLabel: {o.Architecture}, {TensorEntry.Parameters(o.Tensors):N0} parameters, " +
           $"{o.NMels} mel bands × {o.WindowFrames} frames per window ({o.WindowFrames * (double)o.HopLength / o.SampleRate:0.00} s), " +
           $"hop {o.PredictionHopFrames} frames at prediction, {o.Labels.Count} genres";
}
