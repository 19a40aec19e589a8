namespace MusicGenre.Datasets;

/// <summary>What a download is doing.</summary>
public enum DownloadStage
{
    /// <summary>Receiving bytes.</summary>
    Downloading,

    /// <summary>Computing the checksum of the received file.</summary>
    Verifying,

    /// <summary>Unpacking the archive.</summary>
    Extracting,

    /// <summary>Finished.</summary>
    Done,
}
