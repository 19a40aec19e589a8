namespace MusicGenre.AspNetCore.Uploads;

/// <summary>A received audio file: its bytes and the name the client gave it (or <c>upload</c>).</summary>
internal sealed record Upload(UploadBuffer Bytes, string Name) : IDisposable
{
    public void Dispose() => Bytes.Dispose();
}
