namespace MusicGenre.MLNet.Persistence;

/// <summary>The registry of MusicGenre step kinds: transformer type → codec for saving, kind → codec for loading.</summary>
internal static class StepCodecs
{
    private static readonly StepCodec[] All =
    [
        new LoadAudioCodec(),
        new MelSpectrogramCodec(),
        new SummaryFeaturesCodec(),
        new MusicnnEmbeddingCodec(),
        new GenreNetworkCodec(),
    ];

    public static StepCodec? ForTransformer(Microsoft.ML.ITransformer transformer) => All.FirstOrDefault(c => c.TransformerType == transformer.GetType());

    public static StepCodec? ForKind(string kind) => All.FirstOrDefault(c => c.Kind == kind);

    public static IEnumerable<string> Kinds => All.Select(c => c.Kind);
}
