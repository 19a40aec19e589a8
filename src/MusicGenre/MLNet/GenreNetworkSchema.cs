using Microsoft.ML;
using Microsoft.ML.Data;

namespace MusicGenre.MLNet;

/// <summary>Column names and ML.NET schema definitions of the network step (multiclass convention).</summary>
internal static class GenreNetworkSchema
{
    /// <summary>Output column of class probabilities, in key order.</summary>
    public const string ScoreColumnName = "Score";

    /// <summary>Output key column of the most probable class.</summary>
    public const string PredictedLabelColumnName = "PredictedLabel";

    public static SchemaDefinition Input(string featureColumnName)
    {
        var definition = SchemaDefinition.Create(typeof(GenreNetworkInput), SchemaDefinition.Direction.Read);
        definition[nameof(GenreNetworkInput.Features)].ColumnName = featureColumnName;
        definition[nameof(GenreNetworkInput.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single);
        return definition;
    }

    public static SchemaDefinition Output(IReadOnlyList<string> labels)
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

    /// <summary>Builds ML.NET's custom-mapping transformer for the network (saved under the factory's contract).</summary>
    public static ITransformer CreateMapping(MLContext mlContext, string featureColumnName, IReadOnlyList<string> labels,
        Action<GenreNetworkInput, GenreNetworkOutput> map)
    {
        var input = Input(featureColumnName);
        var estimator = mlContext.Transforms.CustomMapping(map, GenreNetworkMappingFactory.ContractName, input, Output(labels));
        return estimator.Fit(mlContext.Data.LoadFromEnumerable(Array.Empty<GenreNetworkInput>(), input));
    }
}
