using Microsoft.ML.Data;

namespace MusicGenre.MLNet;

/// <summary>Column names and ML.NET schema definitions of the network step (multiclass convention).</summary>
internal static class GenreNetworkSchema
{
    /// <summary>Output column of class probabilities, in key order.</summary>
    public const string ScoreColumnName = "Score";

    /// <summary>Output key column of the most probable class.</summary>
    public const string PredictedLabelColumnName = "PredictedLabel";

    /// <summary>The network step's columns: the log-mel feature column in, <c>Score</c> and <c>PredictedLabel</c> out.</summary>
    public static InMemoryMapping<GenreNetworkInput, GenreNetworkOutput> Mapping(string featureColumnName, IReadOnlyList<string> labels)
        => new(InMemoryMapping<GenreNetworkInput, GenreNetworkOutput>.InputFrom(nameof(GenreNetworkInput.Features), featureColumnName,
            new VectorDataViewType(NumberDataViewType.Single)), Output(labels));

    private static SchemaDefinition Output(IReadOnlyList<string> labels)
    {
        int k = labels.Count;
        var names = new VBuffer<ReadOnlyMemory<char>>(k, labels.Select(l => l.AsMemory()).ToArray());
        var namesType = new VectorDataViewType(TextDataViewType.Instance, k);
        var definition = SchemaDefinition.Create(typeof(GenreNetworkOutput), SchemaDefinition.Direction.Write);
        var score = definition[nameof(GenreNetworkOutput.Score)];
        score.ColumnName = ScoreColumnName;
        score.ColumnType = new VectorDataViewType(NumberDataViewType.Single, k);
        score.AddAnnotation("SlotNames", names, namesType);
        score.AddAnnotation("ScoreColumnKind", "MulticlassClassification".AsMemory(), TextDataViewType.Instance);
        score.AddAnnotation("ScoreValueKind", "Score".AsMemory(), TextDataViewType.Instance);
        var predicted = definition[nameof(GenreNetworkOutput.PredictedLabel)];
        predicted.ColumnName = PredictedLabelColumnName;
        predicted.ColumnType = new KeyDataViewType(typeof(uint), k);
        predicted.AddAnnotation("KeyValues", names, namesType);
        return definition;
    }
}
