namespace MusicGenre.MLNet.Persistence;

/// <summary>
/// The kinds of genre model a model file can hold (its manifest's <c>kind</c>), worked out from the chain when it is
/// saved: the network architecture, the classical baseline, the two musicnn transfer models, or anything else.
/// </summary>
public static class GenreModelKinds
{
    /// <summary>The seed's CNN-LSTM on log-mel windows.</summary>
    public const string CnnLstm = "cnn-lstm";

    /// <summary>The seed's CNN-GRU comparison network.</summary>
    public const string CnnGru = "cnn-gru";

    /// <summary>The CRNN (Choi et al. 2017 style).</summary>
    public const string Crnn = "crnn";

    /// <summary>Summary features (MFCC, chroma, centroid, ZCR) and an ML.NET trainer.</summary>
    public const string Classical = "classical";

    /// <summary>Frozen pretrained musicnn embeddings and a linear head.</summary>
    public const string MusicnnLinear = "musicnn-linear";

    /// <summary>A fine-tuned musicnn network and a linear head.</summary>
    public const string MusicnnFineTune = "musicnn-finetune";

    /// <summary>Any other chain (a registered architecture of your own, a featurizer alone, ...).</summary>
    public const string Custom = "custom";

    /// <summary>Every kind, in the order above.</summary>
    public static IReadOnlyList<string> All { get; } = [CnnLstm, CnnGru, Crnn, Classical, MusicnnLinear, MusicnnFineTune, Custom];
}
