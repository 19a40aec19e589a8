using System.Runtime.InteropServices;

namespace MusicGenre.Tests.TestInfrastructure;

/// <summary>
/// A named pipe (FIFO) on Unix, for inputs that arrive slowly or never: a reader blocks in open until a writer comes
/// and in read until bytes do. <see cref="OpenWriter"/> returns once the reader has opened the pipe, which tells a
/// test the exact moment the product started reading it.
/// </summary>
public static class NamedPipe
{
    /// <summary>Why named pipes cannot be made here, or null when they can.</summary>
    public static string? Unavailable => OperatingSystem.IsWindows() ? "named pipes in the file system are a Unix feature" : null;

    /// <summary>Makes a FIFO at <paramref name="path"/>.</summary>
    public static string Create(string path)
    {
        if (MakeFifo(path, 0x180 /* 0600 */) != 0) throw new IOException($"mkfifo {path} failed: errno {Marshal.GetLastPInvokeError()}");
        return path;
    }

    /// <summary>
    /// Opens the pipe for writing: waits until a reader opens it (at most <paramref name="timeout"/>; null after it,
    /// and the waiting open is released by opening the pipe for reading here).
    /// </summary>
    public static async Task<FileStream?> OpenWriter(string path, TimeSpan timeout)
    {
        var open = Task.Run(() => new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 1));
        if (await Task.WhenAny(open, Task.Delay(timeout)) == open) return await open;
        using (new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1)) { } // releases the writer's open
        (await open).Dispose();
        return null;
    }

    /// <summary>A WAV header (16-bit mono PCM at <paramref name="sampleRate"/>) claiming <paramref name="dataBytes"/> of samples.</summary>
    public static byte[] WavHeader(int sampleRate, uint dataBytes)
    {
        var header = new byte[44];
        "RIFF"u8.CopyTo(header);
        BitConverter.TryWriteBytes(header.AsSpan(4), 36 + dataBytes);
        "WAVEfmt "u8.CopyTo(header.AsSpan(8));
        BitConverter.TryWriteBytes(header.AsSpan(16), 16);
        BitConverter.TryWriteBytes(header.AsSpan(20), (short)1);
        BitConverter.TryWriteBytes(header.AsSpan(22), (short)1);
        BitConverter.TryWriteBytes(header.AsSpan(24), sampleRate);
        BitConverter.TryWriteBytes(header.AsSpan(28), sampleRate * 2);
        BitConverter.TryWriteBytes(header.AsSpan(32), (short)2);
        BitConverter.TryWriteBytes(header.AsSpan(34), (short)16);
        "data"u8.CopyTo(header.AsSpan(36));
        BitConverter.TryWriteBytes(header.AsSpan(40), dataBytes);
        return header;
    }

    [DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    private static extern int MakeFifo([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);
}
