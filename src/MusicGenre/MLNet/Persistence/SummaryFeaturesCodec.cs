using MusicGenre.Features;

namespace MusicGenre.MLNet.Persistence;

/// <summary><c>SummaryFeatures</c>: columns and feature options.</summary>
internal sealed class SummaryFeaturesCodec : StepCodec<SummaryFeaturesTransformer, SummaryFeaturesCodec.Stored>
{
    public override string Kind => "SummaryFeatures";

    internal sealed class Stored
    {
        public string Output { get; set; } = "";
        public string Input { get; set; } = "";
        public int SampleRate { get; set; }
        public int NFft { get; set; }
        public int HopLength { get; set; }
        public int NMels { get; set; }
        public bool EstimateTuning { get; set; }
    }

    protected override (Stored Options, IReadOnlyList<(string Name, byte[] Content)> Entries) Write(SummaryFeaturesTransformer step)
    {
        var o = step.Options;
        return (new Stored
        {
            Output = step.OutputColumnName, Input = step.InputColumnName, SampleRate = o.SampleRate, NFft = o.NFft, HopLength = o.HopLength,
            NMels = o.NMels, EstimateTuning = o.EstimateTuning,
        }, []);
    }

    protected override void Check(Stored o, BoundsCheck problems)
    {
        problems.Name(o.Output, "output");
        problems.Name(o.Input, "input");
        problems.Int(o.SampleRate, "sampleRate", ModelBounds.MinSampleRate, ModelBounds.MaxSampleRate);
        problems.Int(o.NFft, "nFft", 16, 1 << 16);
        problems.Int(o.HopLength, "hopLength", 1, ModelBounds.MaxHopLength);
        problems.Int(o.NMels, "nMels", SummaryFeaturesOptions.NMfcc, ModelBounds.MaxMelBands);
    }

    protected override SummaryFeaturesTransformer Read(Stored o, StepReader reader)
    {
        var options = new SummaryFeaturesOptions { SampleRate = o.SampleRate, NFft = o.NFft, HopLength = o.HopLength, NMels = o.NMels, EstimateTuning = o.EstimateTuning };
        reader.Validate(() => options.Validate());
        return new SummaryFeaturesTransformer(o.Output, o.Input, options);
    }

    protected override string Describe(Stored o)
        => $"'{o.Input}' → '{o.Output}': {SummaryFeaturesOptions.FeatureCount} values (MFCC-{SummaryFeaturesOptions.NMfcc}, chroma-{SummaryFeaturesOptions.NChroma}, " +
           $"centroid, ZCR; mean and std), {o.SampleRate:N0} Hz, n_fft {o.NFft}, hop {o.HopLength}";
}
