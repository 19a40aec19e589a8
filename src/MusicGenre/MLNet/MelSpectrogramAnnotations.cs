using Microsoft.ML;
using Microsoft.ML.Data;

namespace MusicGenre.MLNet;

/// <summary>
/// The annotations <c>MelSpectrogram</c> writes on its output column, so that the shape travels with the data: the
/// genre trainers read the band count (and the sample rate and hop for timeline times) from them instead of being
/// told. Each is an <see cref="int"/> (<see cref="NumberDataViewType.Int32"/>).
/// </summary>
public static class MelSpectrogramAnnotations
{
    /// <summary>Mel bands per frame (the rows of the row-major <c>[NMels, frames]</c> spectrogram).</summary>
    public const string NMels = "MusicGenre.NMels";

    /// <summary>Sample rate of the samples the spectrogram was computed from, in Hz.</summary>
    public const string SampleRate = "MusicGenre.SampleRate";

    /// <summary>Hop between frames, in samples.</summary>
    public const string HopLength = "MusicGenre.HopLength";

    /// <summary>Adds the three annotations to a column of a schema definition.</summary>
    internal static void AddTo(SchemaDefinition.Column column, int nMels, int sampleRate, int hopLength)
    {
        column.AddAnnotation(NMels, nMels, NumberDataViewType.Int32);
        column.AddAnnotation(SampleRate, sampleRate, NumberDataViewType.Int32);
        column.AddAnnotation(HopLength, hopLength, NumberDataViewType.Int32);
    }

    /// <summary>The value of an <see cref="int"/> annotation of <paramref name="column"/>, or null when it has none (or another type).</summary>
    internal static int? Read(DataViewSchema.Column column, string name)
    {
        var annotation = column.Annotations.Schema.GetColumnOrNull(name);
        if (annotation is not { Type: NumberDataViewType number } || number.RawType != typeof(int)) return null;
        int value = 0;
        column.Annotations.GetValue(name, ref value);
        return value;
    }
}
