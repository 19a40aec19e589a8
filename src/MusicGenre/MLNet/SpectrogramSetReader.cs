using Microsoft.ML;
using Microsoft.ML.Data;
using MusicGenre.Models;
using MusicGenre.Training;

namespace MusicGenre.MLNet;

/// <summary>Reads a track-per-row <see cref="IDataView"/> (key label + log-mel vector) into a <see cref="SpectrogramSet"/>, checking every row.</summary>
internal static class SpectrogramSetReader
{
    /// <summary>Checks the label column (a key with a known count) and returns the class names in key order.</summary>
    public static string[] LabelNames(DataViewSchema schema, string labelColumnName, string role)
    {
        var column = schema.GetColumnOrNull(labelColumnName)
            ?? throw new ArgumentException($"The {role} data has no label column '{labelColumnName}'.");
        if (column.Type is not KeyDataViewType key)
            throw new ArgumentException(
                $"Label column '{labelColumnName}' is {column.Type}, not a key type: map the labels to keys first, e.g. " +
                $"mlContext.Transforms.Conversion.MapValueToKey(\"{labelColumnName}\").");
        if (key.Count == 0 || key.Count > 100_000)
            throw new ArgumentException($"Label column '{labelColumnName}' has an unbounded or huge key count ({key.Count}).");
        int k = (int)key.Count;
        var names = Enumerable.Range(1, k).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var annotation = column.Annotations.Schema.GetColumnOrNull("KeyValues");
        if (annotation is { Type: VectorDataViewType { ItemType: TextDataViewType } })
        {
            var values = default(VBuffer<ReadOnlyMemory<char>>);
            column.GetKeyValues(ref values);
            var dense = values.DenseValues().ToArray();
            for (int i = 0; i < Math.Min(k, dense.Length); i++) names[i] = dense[i].ToString();
        }
        else if (annotation is not null)
        {
            var values = default(VBuffer<ReadOnlyMemory<char>>);
            // Non-text key values (numbers, booleans) are shown as text.
            var converted = column.Annotations.GetGetter<VBuffer<ReadOnlyMemory<char>>>(annotation.Value);
            try
            {
                converted(ref values);
                var dense = values.DenseValues().ToArray();
                for (int i = 0; i < Math.Min(k, dense.Length); i++) names[i] = dense[i].ToString();
            }
            catch (InvalidOperationException)
            {
                // keep "1".."K"
            }
        }
        return names;
    }

    /// <summary>Checks the feature column's type: a float vector whose size (and dimensions, when given) fit NMels.</summary>
    public static void CheckFeatureColumn(DataViewSchema schema, string featureColumnName, int nMels, string role)
    {
        var column = schema.GetColumnOrNull(featureColumnName)
            ?? throw new ArgumentException($"The {role} data has no feature column '{featureColumnName}'.");
        if (column.Type is not VectorDataViewType { ItemType: NumberDataViewType number } vector || number.RawType != typeof(float))
            throw new ArgumentException($"Feature column '{featureColumnName}' is {column.Type}; expected a vector of Single holding a [NMels, frames] log-mel spectrogram.");
        if (vector.Dimensions.Length == 2 && vector.Dimensions[0] != nMels)
            throw new ArgumentException(
                $"Feature column '{featureColumnName}' is shaped [{vector.Dimensions[0]}, {vector.Dimensions[1]}] but NMels is {nMels}: " +
                "set the trainer's NMels to the spectrogram's mel band count.");
        if (vector.Size > 0 && vector.Size % nMels != 0)
            throw new ArgumentException($"Feature column '{featureColumnName}' has {vector.Size} values, not a multiple of NMels = {nMels}.");
    }

    /// <summary>Reads every row; throws <see cref="InvalidDataException"/> naming the row for bad shapes, NaN, missing labels or short tracks (by option).</summary>
    public static SpectrogramSet Read(IDataView data, GenreTrainerOptions options, int classes, string role, CancellationToken token)
    {
        CheckFeatureColumn(data.Schema, options.FeatureColumnName, options.NMels, role);
        var featureColumn = data.Schema[options.FeatureColumnName];
        var labelColumn = data.Schema[options.LabelColumnName];
        var set = new SpectrogramSet(options.NMels);
        using var cursor = data.GetRowCursor([featureColumn, labelColumn]);
        var features = cursor.GetGetter<VBuffer<float>>(featureColumn);
        var labels = cursor.GetGetter<uint>(labelColumn);
        var buffer = default(VBuffer<float>);
        long row = 0;
        while (cursor.MoveNext())
        {
            token.ThrowIfCancellationRequested();
            uint key = 0;
            labels(ref key);
            if (key == 0 || key > classes)
                throw new InvalidDataException($"{role} row {row}: the label is missing (key value {key}); every track needs a genre.");
            features(ref buffer);
            var values = new float[buffer.Length];
            buffer.CopyTo(values);
            GenreNetworkModel.CheckSpectrogram(values, options.NMels, options.WindowFrames, options.ShortTracks, $"{role} row {row} ('{options.FeatureColumnName}')");
            set.Add(values, (int)key - 1);
            row++;
        }
        if (set.Count == 0) throw new InvalidDataException($"The {role} data has no rows.");
        return set;
    }
}
