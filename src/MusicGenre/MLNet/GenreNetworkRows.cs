namespace MusicGenre.MLNet;

/// <summary>Input row of the network's custom mapping: the log-mel feature vector (renamed to the feature column by schema definition).</summary>
internal sealed class GenreNetworkInput
{
    public float[] Features = [];
}

/// <summary>Output row of the network's custom mapping: ML.NET's multiclass <c>Score</c> and <c>PredictedLabel</c> columns.</summary>
internal sealed class GenreNetworkOutput
{
    public float[] Score = [];

    public uint PredictedLabel;
}
