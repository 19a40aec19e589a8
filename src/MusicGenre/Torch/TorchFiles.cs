using System.Text;
using MusicGenre.IO;

namespace MusicGenre.Torch;

/// <summary>Writes TorchSharp's weight and optimizer files atomically (<see cref="AtomicFile"/>).</summary>
internal static class TorchFiles
{
    /// <summary>Writes a file with TorchSharp's <c>save(BinaryWriter)</c> (the writer leaves the stream open for the commit).</summary>
    public static void Save(string path, Action<BinaryWriter> save)
        => AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            save(writer);
        });
}
