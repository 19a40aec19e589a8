using System.ComponentModel;
using Microsoft.ML.Data;

namespace MusicGenre.MLNet;

/// <summary>
/// Input row of the custom mappings that read samples (<see cref="MelSpectrogramMapping"/>,
/// <see cref="SummaryFeaturesMapping"/>); infrastructure. Each transform copies its input into these columns and
/// drops them again, so transforms in one pipeline do not collide.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class SamplesMappingInput
{
    /// <summary>Internal samples column.</summary>
    public const string SamplesColumn = "__MusicGenre_Samples";

    /// <summary>Internal options column.</summary>
    public const string OptionsColumn = "__MusicGenre_Options";

    /// <summary>Mono samples.</summary>
    [ColumnName(SamplesColumn)]
    public float[] Samples { get; set; } = [];

    /// <summary>The options payload (see <see cref="Persistence.OptionsPayload"/>).</summary>
    [ColumnName(OptionsColumn)]
    public string Options { get; set; } = "";
}
