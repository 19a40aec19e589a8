namespace MusicGenre.Models.Musicnn;

/// <summary>How a track's per-patch musicnn embeddings are summarised.</summary>
public enum MusicnnPooling
{
    /// <summary>Mean over the patches: 200 values.</summary>
    Mean,

    /// <summary>Maximum over the patches: 200 values.</summary>
    Max,

    /// <summary>Mean then maximum over the patches, concatenated: 400 values.</summary>
    MeanMax,

    /// <summary>No pooling: every patch's 200 values, patch after patch (a variable-length vector).</summary>
    None,
}
