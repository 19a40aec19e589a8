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

    /// <summary>
    /// The trainer's options with the band count, sample rate and hop taken from the feature column where the options
    /// leave them unset: the column's <see cref="MelSpectrogramAnnotations"/>, else (band count only) its
    /// <c>[NMels, frames]</c> dimensions. Checks the column's type and that the options agree with what it says.
    /// </summary>
    /// <exception cref="ArgumentException">A missing or mistyped column, a value that contradicts the column (naming both), or no way to know the band count.</exception>
    public static GenreTrainerOptions ResolveShape(DataViewSchema schema, GenreTrainerOptions options, string role)
    {
        var name = options.FeatureColumnName;
        var column = schema.GetColumnOrNull(name)
            ?? throw new ArgumentException($"The {role} data has no feature column '{name}'.");
        if (column.Type is not VectorDataViewType { ItemType: NumberDataViewType number } vector || number.RawType != typeof(float))
            throw new ArgumentException($"Feature column '{name}' is {column.Type}; expected a vector of Single holding a [NMels, frames] log-mel spectrogram.");
        int? annotatedBands = MelSpectrogramAnnotations.Read(column, MelSpectrogramAnnotations.NMels);
        int? dimensionBands = vector.Dimensions.Length == 2 ? vector.Dimensions[0] : null;
        if (annotatedBands is { } a && dimensionBands is { } d && a != d)
            throw new ArgumentException($"Feature column '{name}' is shaped [{d}, {vector.Dimensions[1]}] but annotated with {a} mel bands.");
        int? dataBands = annotatedBands ?? dimensionBands;
        var evidence = annotatedBands is not null ? "its MelSpectrogram annotation says so" : $"it is shaped [{dimensionBands}, {(vector.Dimensions.Length == 2 ? vector.Dimensions[1] : 0)}]";
        if (options.NMels is { } told && dataBands is { } found && told != found)
            throw new ArgumentException(
                $"Feature column '{name}' holds {found}-band spectrograms ({evidence}) but the trainer was told NMels = {told}. " +
                $"Leave NMels unset to train on the column's {found} bands, or compute the spectrogram with {told} mel bands.");
        int nMels = options.NMels ?? dataBands
            ?? throw new ArgumentException(
                $"The mel band count of feature column '{name}' is unknown: it has no MelSpectrogram annotation and no [NMels, frames] dimensions. " +
                "Set NMels in the trainer options.");
        if (vector.Size > 0 && vector.Size % nMels != 0)
            throw new ArgumentException($"Feature column '{name}' has {vector.Size} values, not a multiple of NMels = {nMels}.");
        var resolved = options.Clone();
        resolved.NMels = nMels;
        resolved.SampleRate = Agree(options.SampleRate, MelSpectrogramAnnotations.Read(column, MelSpectrogramAnnotations.SampleRate), name, "SampleRate", "Hz");
        resolved.HopLength = Agree(options.HopLength, MelSpectrogramAnnotations.Read(column, MelSpectrogramAnnotations.HopLength), name, "HopLength", "samples");
        return resolved;
    }

    private static int? Agree(int? told, int? annotated, string column, string option, string unit)
    {
        if (told is { } t && annotated is { } a && t != a)
            throw new ArgumentException($"Feature column '{column}' was computed with {option} = {a} {unit} but the trainer was told {option} = {t}; leave {option} unset to use the column's.");
        return told ?? annotated;
    }

    /// <summary>Reads every row; throws <see cref="InvalidDataException"/> naming the row for bad shapes, NaN, missing labels or short tracks (by option).</summary>
    /// <remarks><paramref name="options"/> has its band count resolved (<see cref="ResolveShape"/>).</remarks>
    public static SpectrogramSet Read(IDataView data, GenreTrainerOptions options, int classes, string role, TrainingControl control)
    {
        var featureColumn = data.Schema[options.FeatureColumnName];
        var labelColumn = data.Schema[options.LabelColumnName];
        int nMels = options.BandCount;
        var set = new SpectrogramSet(nMels);
        using var cursor = data.GetRowCursor([featureColumn, labelColumn]);
        var features = cursor.GetGetter<VBuffer<float>>(featureColumn);
        var labels = cursor.GetGetter<uint>(labelColumn);
        var buffer = default(VBuffer<float>);
        long row = 0;
        while (cursor.MoveNext())
        {
            control.ThrowIfCancellationRequested();
            uint key = 0;
            labels(ref key);
            if (key == 0 || key > classes)
                throw new InvalidDataException($"{role} row {row}: the label is missing (key value {key}); every track needs a genre.");
            features(ref buffer);
            var values = new float[buffer.Length];
            buffer.CopyTo(values);
            GenreNetworkModel.CheckSpectrogram(values, nMels, options.WindowFrames, options.ShortTracks, $"{role} row {row} ('{options.FeatureColumnName}')");
            set.Add(values, (int)key - 1);
            row++;
        }
        if (set.Count == 0) throw new InvalidDataException($"The {role} data has no rows.");
        return set;
    }
}
