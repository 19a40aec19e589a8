using MusicGenre.Features;

namespace MusicGenre.MLNet.Persistence;

/// <summary><c>MelSpectrogram</c>: columns, spectrogram, dB and duration options.</summary>
internal sealed class MelSpectrogramCodec : StepCodec<MelSpectrogramTransformer, MelSpectrogramCodec.Stored>
{
    public override string Kind => "MelSpectrogram";

    internal sealed class Stored
    {
        public string Output { get; set; } = "";
        public string Input { get; set; } = "";
        public int SampleRate { get; set; }
        public int NFft { get; set; }
        public int HopLength { get; set; }
        public int? WinLength { get; set; }
        public bool Center { get; set; }
        public float Power { get; set; }
        public int NMels { get; set; }
        public float FMin { get; set; }
        public float? FMax { get; set; }
        public bool Htk { get; set; }
        public bool SlaneyNorm { get; set; }
        public bool ToDb { get; set; }
        public float DbRef { get; set; }
        public bool DbRefIsMax { get; set; }
        public float DbAMin { get; set; }
        public float? DbTopDb { get; set; }
        public double? FixedDuration { get; set; }
    }

    protected override (Stored Options, IReadOnlyList<(string Name, byte[] Content)> Entries) Write(MelSpectrogramTransformer step)
    {
        var o = step.Options;
        return (new Stored
        {
            Output = step.OutputColumnName,
            Input = step.InputColumnName,
            SampleRate = o.Mel.SampleRate,
            NFft = o.Mel.NFft,
            HopLength = o.Mel.HopLength,
            WinLength = o.Mel.WinLength,
            Center = o.Mel.Center,
            Power = o.Mel.Power,
            NMels = o.Mel.NMels,
            FMin = o.Mel.FMin,
            FMax = o.Mel.FMax,
            Htk = o.Mel.Htk,
            SlaneyNorm = o.Mel.SlaneyNorm,
            ToDb = o.ToDb,
            DbRef = o.Db.Ref,
            DbRefIsMax = o.Db.RefIsMax,
            DbAMin = o.Db.AMin,
            DbTopDb = o.Db.TopDb,
            FixedDuration = o.FixedDuration,
        }, []);
    }

    protected override void Check(Stored o, BoundsCheck problems)
    {
        problems.Name(o.Output, "output");
        problems.Name(o.Input, "input");
        problems.Int(o.SampleRate, "sampleRate", ModelBounds.MinSampleRate, ModelBounds.MaxSampleRate);
        problems.Int(o.NFft, "nFft", 16, 1 << 16);
        problems.Int(o.HopLength, "hopLength", 1, ModelBounds.MaxHopLength);
        problems.Int(o.WinLength, "winLength", 1, 1 << 16);
        problems.Number(o.Power, "power", 1e-3, 16);
        problems.Int(o.NMels, "nMels", 1, ModelBounds.MaxMelBands);
        problems.Number(o.FMin, "fMin", 0, ModelBounds.MaxSampleRate);
        problems.Number(o.FMax, "fMax", 0, ModelBounds.MaxSampleRate);
        problems.Number(o.DbRef, "dbRef", 1e-30, 1e30);
        problems.Number(o.DbAMin, "dbAMin", 1e-30, 1e30);
        problems.Number(o.DbTopDb, "dbTopDb", 0, 1e4);
        problems.Number(o.FixedDuration, "fixedDuration", 1e-3, 3_600);
    }

    protected override MelSpectrogramTransformer Read(Stored o, StepReader reader)
    {
        var options = new MelSpectrogramTransformOptions
        {
            Mel = new MelSpectrogramOptions
            {
                SampleRate = o.SampleRate, NFft = o.NFft, HopLength = o.HopLength, WinLength = o.WinLength, Center = o.Center, Power = o.Power,
                NMels = o.NMels, FMin = o.FMin, FMax = o.FMax, Htk = o.Htk, SlaneyNorm = o.SlaneyNorm,
            },
            ToDb = o.ToDb,
            Db = new PowerToDbOptions { Ref = o.DbRef, RefIsMax = o.DbRefIsMax, AMin = o.DbAMin, TopDb = o.DbTopDb },
            FixedDuration = o.FixedDuration,
        };
        reader.Validate(() => options.Validate());
        return new MelSpectrogramTransformer(o.Output, o.Input, options);
    }

    protected override string Describe(Stored o)
        => $"'{o.Input}' → '{o.Output}': {(o.ToDb ? "log-mel (dB)" : "mel power")}, {o.NMels} bands, {o.SampleRate:N0} Hz, n_fft {o.NFft}, hop {o.HopLength}" +
           (o.FixedDuration is { } d ? $", fixed {d} s" : "");
}
