namespace MusicGenre.Datasets;

/// <summary>Progress of a download, a verification or an extraction.</summary>
/// <param name="Stage">What is being done.</param>
/// <param name="Bytes">Bytes done so far (for a resumed download, including the bytes received before).</param>
/// <param name="TotalBytes">Total bytes when known.</param>
public readonly record struct DownloadProgress(DownloadStage Stage, long Bytes, long? TotalBytes)
{
    /// <summary>Fraction done in [0, 1], when the total is known.</summary>
    public double? Fraction => TotalBytes is > 0 ? Math.Clamp((double)Bytes / TotalBytes.Value, 0, 1) : null;
}
