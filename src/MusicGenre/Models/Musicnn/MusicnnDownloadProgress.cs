namespace MusicGenre.Models.Musicnn;

/// <summary>Progress of a weights download.</summary>
/// <param name="BytesReceived">Bytes written so far.</param>
/// <param name="TotalBytes">Size announced by the server, or null when unknown.</param>
public readonly record struct MusicnnDownloadProgress(long BytesReceived, long? TotalBytes);
