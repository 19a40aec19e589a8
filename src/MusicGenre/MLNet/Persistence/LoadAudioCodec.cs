using MusicGenre.Audio;

namespace MusicGenre.MLNet.Persistence;

/// <summary>
/// <c>LoadAudio</c>: columns and decoder options. The ffmpeg path is not stored (it belongs to the machine, not the
/// model): a loaded model finds ffmpeg as <see cref="AudioLoadOptions.FfmpegPath"/> describes.
/// </summary>
internal sealed class LoadAudioCodec : StepCodec<LoadAudioTransformer, LoadAudioCodec.Stored>
{
    public const string StepKind = "LoadAudio";

    public override string Kind => StepKind;

    internal sealed class Stored
    {
        public string Output { get; set; } = "";
        public string Input { get; set; } = "";
        public string? ErrorColumn { get; set; }
        public bool SkipBadFiles { get; set; }
        public int? SampleRate { get; set; }
        public bool Mono { get; set; }
        public double Offset { get; set; }
        public double? Duration { get; set; }
        public long MaxSamples { get; set; }
    }

    protected override (Stored Options, IReadOnlyList<(string Name, byte[] Content)> Entries) Write(LoadAudioTransformer step)
    {
        var audio = step.Options;
        return (new Stored
        {
            Output = step.OutputColumnName,
            Input = step.InputColumnName,
            ErrorColumn = step.ErrorColumnName,
            SkipBadFiles = step.SkipBadFiles,
            SampleRate = audio.SampleRate,
            Mono = audio.Mono,
            Offset = audio.Offset,
            Duration = audio.Duration,
            MaxSamples = audio.MaxSamples,
        }, []);
    }

    protected override void Check(Stored o, BoundsCheck problems)
    {
        problems.Name(o.Output, "output");
        problems.Name(o.Input, "input");
        problems.Name(o.ErrorColumn, "errorColumn", optional: true);
        problems.Int(o.SampleRate, "sampleRate", ModelBounds.MinSampleRate, ModelBounds.MaxSampleRate);
        problems.Number(o.Offset, "offset", 0, ModelBounds.MaxSeconds);
        problems.Number(o.Duration, "duration", 0, ModelBounds.MaxSeconds);
        problems.Int(o.MaxSamples, "maxSamples", 1, int.MaxValue);
        problems.That(o.ErrorColumn != o.Output, "errorColumn must differ from output.");
    }

    protected override LoadAudioTransformer Read(Stored o, StepReader reader)
        => new(o.Output, o.Input, o.ErrorColumn, new AudioLoadOptions
        {
            SampleRate = o.SampleRate,
            Mono = o.Mono,
            Offset = o.Offset,
            Duration = o.Duration,
            MaxSamples = o.MaxSamples,
        }, o.SkipBadFiles);

    protected override string Describe(Stored o)
        => $"'{o.Input}' → '{o.Output}': {(o.SampleRate is { } r ? $"{r:N0} Hz" : "native rate")}, {(o.Mono ? "mono" : "all channels")}" +
           (o.Offset > 0 ? $", from {o.Offset} s" : "") + (o.Duration is { } d ? $", {d} s" : "") + (o.SkipBadFiles ? ", bad files skipped" : "");
}
