namespace MusicGenre.Orleans.Batch;

/// <summary>A track of a batch run still to be written, and the silos that failed while holding it.</summary>
internal sealed class WorkItem(string path)
{
    public string Path { get; } = path;

    /// <summary>Addresses of the silos that failed while holding the track (each is one attempt).</summary>
    public List<string> FailedOn { get; } = [];

    public string? LastError { get; set; }

    public int Attempts => FailedOn.Count;
}
